-- CreateTable
CREATE TABLE "SubscriptionOrder" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL,
    "sellingPlanIds" TEXT NOT NULL,
    "renewal" BOOLEAN NOT NULL,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "readAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubscriptionOrder_pkey" PRIMARY KEY ("shop","orderId")
);

-- CreateTable
CREATE TABLE "SubscriberStatus" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubscriberStatus_pkey" PRIMARY KEY ("shop","customerId")
);

-- CreateTable
CREATE TABLE "Subscription" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "sellingPlanId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "lastDeliveryAt" TIMESTAMP(3) NOT NULL,
    "deliveries" INTEGER NOT NULL,
    "intervalDays" DOUBLE PRECISION NOT NULL,
    "intervalSource" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "endReason" TEXT,
    "nextDeliveryDeadline" TIMESTAMP(3) NOT NULL,
    "detectedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("shop","customerId","sellingPlanId")
);

-- CreateTable
CREATE TABLE "SubscriptionReport" (
    "shop" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "report" TEXT NOT NULL,

    CONSTRAINT "SubscriptionReport_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "SubscriptionOrder_shop_customerId_idx" ON "SubscriptionOrder"("shop", "customerId");

-- CreateIndex
CREATE INDEX "Subscription_shop_state_idx" ON "Subscription"("shop", "state");

