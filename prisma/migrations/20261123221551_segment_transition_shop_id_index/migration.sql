-- CreateIndex
CREATE INDEX "SegmentTransition_shop_id_idx" ON "SegmentTransition"("shop", "id");
