-- DropIndex
DROP INDEX "Customer_shop_stage_idx";
