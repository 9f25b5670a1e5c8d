-- AlterTable
ALTER TABLE "OrderJourney" ADD COLUMN     "processedAt" TIMESTAMP(3);
