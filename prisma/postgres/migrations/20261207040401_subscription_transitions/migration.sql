-- CreateTable
CREATE TABLE "SubscriptionTransition" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "sellingPlanId" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT NOT NULL,
    "reason" TEXT,
    "deliveries" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "flowNotifiedAt" TIMESTAMP(3),

    CONSTRAINT "SubscriptionTransition_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SubscriptionTransition_shop_at_idx" ON "SubscriptionTransition"("shop", "at");

-- CreateIndex
CREATE INDEX "SubscriptionTransition_shop_customerId_idx" ON "SubscriptionTransition"("shop", "customerId");

