-- CreateIndex
CREATE INDEX "Review_shop_status_idx" ON "Review"("shop", "status");

