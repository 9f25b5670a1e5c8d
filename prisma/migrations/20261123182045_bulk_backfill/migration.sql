-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN "customersLinesApplied" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "SyncRun" ADD COLUMN "customersOperationId" TEXT;
ALTER TABLE "SyncRun" ADD COLUMN "customersReadAt" DATETIME;
ALTER TABLE "SyncRun" ADD COLUMN "ordersLinesApplied" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "SyncRun" ADD COLUMN "ordersOperationId" TEXT;
ALTER TABLE "SyncRun" ADD COLUMN "ordersReadAt" DATETIME;

-- CreateTable
CREATE TABLE "BulkLineItem" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateIndex
CREATE INDEX "BulkLineItem_shop_orderId_idx" ON "BulkLineItem"("shop", "orderId");
