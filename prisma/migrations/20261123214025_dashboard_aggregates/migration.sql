-- CreateTable
CREATE TABLE "ShopAggregate" (
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL,
    "transitionWatermark" INTEGER NOT NULL DEFAULT 0,
    "value" TEXT NOT NULL,

    PRIMARY KEY ("shop", "kind")
);

-- CreateIndex
CREATE INDEX "Customer_shop_stage_netSpent_id_idx" ON "Customer"("shop", "stage", "netSpent" DESC, "id");
