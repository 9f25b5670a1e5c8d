-- CreateTable
CREATE TABLE "SubscriptionTransition" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "sellingPlanId" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT NOT NULL,
    "reason" TEXT,
    "deliveries" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "flowNotifiedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "SubscriptionTransition_shop_at_idx" ON "SubscriptionTransition"("shop", "at");

-- CreateIndex
CREATE INDEX "SubscriptionTransition_shop_customerId_idx" ON "SubscriptionTransition"("shop", "customerId");

