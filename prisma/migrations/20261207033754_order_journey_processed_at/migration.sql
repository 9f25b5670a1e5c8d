-- AlterTable
ALTER TABLE "OrderJourney" ADD COLUMN "processedAt" DATETIME;
