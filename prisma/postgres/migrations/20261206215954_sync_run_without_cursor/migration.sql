-- SyncRun.cursor was only ever set to null (the sync reads bulk operations, not pages)
-- Runs of the paged sync (phase customers or orders) read their records again as the bulk sync does
UPDATE "SyncRun" SET "phase" = 'records' WHERE "phase" IN ('customers', 'orders');

-- AlterTable
ALTER TABLE "SyncRun" DROP COLUMN "cursor",
ALTER COLUMN "phase" SET DEFAULT 'records';
