-- CreateTable
CREATE TABLE "ShopPrediction" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "fittedAt" DATETIME NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "reason" TEXT,
    "detail" TEXT,
    "r" REAL,
    "alpha" REAL,
    "a" REAL,
    "b" REAL,
    "p" REAL,
    "q" REAL,
    "gamma" REAL,
    "logLikelihood" REAL,
    "customers" INTEGER NOT NULL,
    "repeatBuyers" INTEGER NOT NULL
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
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "id")
);
INSERT INTO "new_Customer" ("firstOrderAt", "id", "lastOrderAt", "netSpent", "ordersCount", "ownedTags", "shop", "shopifyCreatedAt", "shopifyRfmGroup", "shopifyUpdatedAt", "stage", "stageSince", "syncedAt", "tagCount") SELECT "firstOrderAt", "id", "lastOrderAt", "netSpent", "ordersCount", "ownedTags", "shop", "shopifyCreatedAt", "shopifyRfmGroup", "shopifyUpdatedAt", "stage", "stageSince", "syncedAt", "tagCount" FROM "Customer";
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
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("churnedAfterDays", "currencyCode", "dormantAfterDays", "ianaTimezone", "installedAt", "shop", "tagPrefix", "uninstalledAt", "updatedAt", "vipMinSpend", "vipTopPercent") SELECT "churnedAfterDays", "currencyCode", "dormantAfterDays", "ianaTimezone", "installedAt", "shop", "tagPrefix", "uninstalledAt", "updatedAt", "vipMinSpend", "vipTopPercent" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
