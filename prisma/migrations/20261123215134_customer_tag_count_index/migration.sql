-- CreateIndex
CREATE INDEX "Customer_shop_tagCount_idx" ON "Customer"("shop", "tagCount");
