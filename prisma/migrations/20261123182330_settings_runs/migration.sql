-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "retiredTagPrefixes" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "Shop" ADD COLUMN "taggingEnabled" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "SettingsRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'segments',
    "customersTotal" INTEGER NOT NULL DEFAULT 0,
    "customersDone" INTEGER NOT NULL DEFAULT 0,
    "transitions" INTEGER NOT NULL DEFAULT 0,
    "tagsWritten" INTEGER NOT NULL DEFAULT 0,
    "blockedByTagLimit" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "SettingsRun_shop_startedAt_idx" ON "SettingsRun"("shop", "startedAt");
