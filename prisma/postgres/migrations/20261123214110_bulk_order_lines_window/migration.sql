-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN     "orderLinesLinesApplied" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "orderLinesOperationId" TEXT,
ADD COLUMN     "orderLinesReadAt" TIMESTAMP(3),
ADD COLUMN     "orderLinesSince" TIMESTAMP(3);

-- DropTable
DROP TABLE "BulkLineItem";
