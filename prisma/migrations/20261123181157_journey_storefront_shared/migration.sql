-- AlterTable
ALTER TABLE "Order" ADD COLUMN "fulfilledAt" DATETIME;

-- AlterTable
ALTER TABLE "SegmentTransition" ADD COLUMN "flowNotifiedAt" DATETIME;

-- CreateTable
CREATE TABLE "OrderLine" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "orderId", "productId")
);

-- CreateTable
CREATE TABLE "AbandonedCheckout" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "customerId" TEXT,
    "createdAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    "totalPrice" REAL NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "Review" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "orderId" TEXT,
    "rating" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reply" TEXT,
    "repliedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "NpsAnswer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "customerId" TEXT,
    "orderId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SegmentSnapshot" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "customers" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "day", "stage")
);

-- CreateTable
CREATE TABLE "NativeSegment" (
    "shop" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "stage")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Customer" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "shopifyCreatedAt" DATETIME NOT NULL,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "shopifyRfmGroup" TEXT,
    "ownedTags" TEXT NOT NULL DEFAULT '[]',
    "tagCount" INTEGER NOT NULL DEFAULT 0,
    "stage" TEXT NOT NULL DEFAULT 'prospect',
    "stageSince" DATETIME,
    "ordersCount" INTEGER NOT NULL DEFAULT 0,
    "netSpent" REAL NOT NULL DEFAULT 0,
    "firstOrderAt" DATETIME,
    "lastOrderAt" DATETIME,
    "pAlive" REAL,
    "expectedPurchases365" REAL,
    "predictedClv12m" REAL,
    "atRisk" BOOLEAN NOT NULL DEFAULT false,
    "needsCare" BOOLEAN NOT NULL DEFAULT false,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "id")
);
INSERT INTO "new_Customer" ("atRisk", "expectedPurchases365", "firstOrderAt", "id", "lastOrderAt", "netSpent", "ordersCount", "ownedTags", "pAlive", "predictedClv12m", "shop", "shopifyCreatedAt", "shopifyRfmGroup", "shopifyUpdatedAt", "stage", "stageSince", "syncedAt", "tagCount") SELECT "atRisk", "expectedPurchases365", "firstOrderAt", "id", "lastOrderAt", "netSpent", "ordersCount", "ownedTags", "pAlive", "predictedClv12m", "shop", "shopifyCreatedAt", "shopifyRfmGroup", "shopifyUpdatedAt", "stage", "stageSince", "syncedAt", "tagCount" FROM "Customer";
DROP TABLE "Customer";
ALTER TABLE "new_Customer" RENAME TO "Customer";
CREATE INDEX "Customer_shop_stage_idx" ON "Customer"("shop", "stage");
CREATE TABLE "new_Shop" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
    "ianaTimezone" TEXT NOT NULL DEFAULT 'UTC',
    "tagPrefix" TEXT NOT NULL DEFAULT 'tsunagu:',
    "dormantAfterDays" INTEGER NOT NULL DEFAULT 120,
    "churnedAfterDays" INTEGER NOT NULL DEFAULT 365,
    "vipTopPercent" REAL NOT NULL DEFAULT 20,
    "vipMinSpend" REAL,
    "atRiskTagEnabled" BOOLEAN NOT NULL DEFAULT false,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "lastDailyRunAt" DATETIME,
    "reconciledThrough" DATETIME,
    "reviewDelayDays" INTEGER NOT NULL DEFAULT 14,
    "reviewAutoPublishMinRating" INTEGER NOT NULL DEFAULT 4,
    "reviewHoldMaxRating" INTEGER NOT NULL DEFAULT 2,
    "needsCareTagEnabled" BOOLEAN NOT NULL DEFAULT false,
    "journeyMap" TEXT,
    "playbook" TEXT,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("atRiskTagEnabled", "churnedAfterDays", "currencyCode", "dormantAfterDays", "ianaTimezone", "installedAt", "lastDailyRunAt", "shop", "tagPrefix", "uninstalledAt", "updatedAt", "vipMinSpend", "vipTopPercent") SELECT "atRiskTagEnabled", "churnedAfterDays", "currencyCode", "dormantAfterDays", "ianaTimezone", "installedAt", "lastDailyRunAt", "shop", "tagPrefix", "uninstalledAt", "updatedAt", "vipMinSpend", "vipTopPercent" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "OrderLine_shop_productId_idx" ON "OrderLine"("shop", "productId");

-- CreateIndex
CREATE INDEX "AbandonedCheckout_shop_createdAt_idx" ON "AbandonedCheckout"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "Review_shop_productId_status_idx" ON "Review"("shop", "productId", "status");

-- CreateIndex
CREATE INDEX "Review_shop_createdAt_idx" ON "Review"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Review_shop_customerId_productId_key" ON "Review"("shop", "customerId", "productId");

-- CreateIndex
CREATE INDEX "NpsAnswer_shop_createdAt_idx" ON "NpsAnswer"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "NpsAnswer_shop_orderId_key" ON "NpsAnswer"("shop", "orderId");
