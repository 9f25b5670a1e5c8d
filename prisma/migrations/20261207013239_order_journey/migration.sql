-- CreateTable
CREATE TABLE "OrderJourney" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "ready" BOOLEAN NOT NULL,
    "customerOrderIndex" INTEGER,
    "daysToConversion" INTEGER,
    "momentsCount" INTEGER,
    "firstSource" TEXT,
    "firstSourceType" TEXT,
    "firstUtmSource" TEXT,
    "firstUtmMedium" TEXT,
    "firstUtmCampaign" TEXT,
    "firstReferrerHost" TEXT,
    "firstMarketingEventId" TEXT,
    "firstOccurredAt" DATETIME,
    "lastSource" TEXT,
    "lastSourceType" TEXT,
    "lastUtmSource" TEXT,
    "lastUtmMedium" TEXT,
    "lastUtmCampaign" TEXT,
    "lastReferrerHost" TEXT,
    "lastMarketingEventId" TEXT,
    "lastOccurredAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "orderId")
);

-- CreateIndex
CREATE INDEX "OrderJourney_shop_ready_idx" ON "OrderJourney"("shop", "ready");
