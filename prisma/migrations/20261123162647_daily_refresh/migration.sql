-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "lastDailyRunAt" DATETIME;
