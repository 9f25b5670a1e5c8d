-- SyncRun.cursor was only ever set to null (the sync reads bulk operations, not pages)
-- Runs of the paged sync (phase customers or orders) read their records again as the bulk sync does
UPDATE "SyncRun" SET "phase" = 'records' WHERE "phase" IN ('customers', 'orders');

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SyncRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'records',
    "customersTotal" INTEGER,
    "ordersTotal" INTEGER,
    "customersRead" INTEGER NOT NULL DEFAULT 0,
    "ordersRead" INTEGER NOT NULL DEFAULT 0,
    "tagsWritten" INTEGER NOT NULL DEFAULT 0,
    "customersOperationId" TEXT,
    "customersLinesApplied" INTEGER NOT NULL DEFAULT 0,
    "customersReadAt" DATETIME,
    "ordersOperationId" TEXT,
    "ordersLinesApplied" INTEGER NOT NULL DEFAULT 0,
    "ordersReadAt" DATETIME,
    "orderLinesSince" DATETIME,
    "orderLinesOperationId" TEXT,
    "orderLinesLinesApplied" INTEGER NOT NULL DEFAULT 0,
    "orderLinesReadAt" DATETIME,
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "heartbeatAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_SyncRun" ("customersLinesApplied", "customersOperationId", "customersRead", "customersReadAt", "customersTotal", "error", "finishedAt", "heartbeatAt", "id", "kind", "orderLinesLinesApplied", "orderLinesOperationId", "orderLinesReadAt", "orderLinesSince", "ordersLinesApplied", "ordersOperationId", "ordersRead", "ordersReadAt", "ordersTotal", "phase", "shop", "startedAt", "status", "tagsWritten") SELECT "customersLinesApplied", "customersOperationId", "customersRead", "customersReadAt", "customersTotal", "error", "finishedAt", "heartbeatAt", "id", "kind", "orderLinesLinesApplied", "orderLinesOperationId", "orderLinesReadAt", "orderLinesSince", "ordersLinesApplied", "ordersOperationId", "ordersRead", "ordersReadAt", "ordersTotal", "phase", "shop", "startedAt", "status", "tagsWritten" FROM "SyncRun";
DROP TABLE "SyncRun";
ALTER TABLE "new_SyncRun" RENAME TO "SyncRun";
CREATE INDEX "SyncRun_shop_startedAt_idx" ON "SyncRun"("shop", "startedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

