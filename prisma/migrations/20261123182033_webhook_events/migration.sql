-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "vipCut" TEXT;

-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN "facts" TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "WebhookEvent" ADD COLUMN "resourceId" TEXT NOT NULL DEFAULT '';
ALTER TABLE "WebhookEvent" ADD COLUMN "triggeredAt" DATETIME;

-- CreateIndex
CREATE INDEX "WebhookEvent_shop_processedAt_idx" ON "WebhookEvent"("shop", "processedAt");
