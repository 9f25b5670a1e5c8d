-- CreateTable
CREATE TABLE "SubscriptionOrder" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "processedAt" DATETIME NOT NULL,
    "sellingPlanIds" TEXT NOT NULL,
    "renewal" BOOLEAN NOT NULL,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "readAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "orderId")
);

-- CreateTable
CREATE TABLE "SubscriberStatus" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "readAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customerId")
);

-- CreateTable
CREATE TABLE "Subscription" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "sellingPlanId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "lastDeliveryAt" DATETIME NOT NULL,
    "deliveries" INTEGER NOT NULL,
    "intervalDays" REAL NOT NULL,
    "intervalSource" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "endReason" TEXT,
    "nextDeliveryDeadline" DATETIME NOT NULL,
    "detectedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customerId", "sellingPlanId")
);

-- CreateTable
CREATE TABLE "SubscriptionReport" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "computedAt" DATETIME NOT NULL,
    "report" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "SubscriptionOrder_shop_customerId_idx" ON "SubscriptionOrder"("shop", "customerId");

-- CreateIndex
CREATE INDEX "Subscription_shop_state_idx" ON "Subscription"("shop", "state");

