-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "WebhookEvent" ADD COLUMN "lastError" TEXT;
ALTER TABLE "WebhookEvent" ADD COLUMN "setAsideAt" DATETIME;
