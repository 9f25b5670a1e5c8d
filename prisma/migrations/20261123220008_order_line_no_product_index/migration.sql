-- DropIndex
DROP INDEX "OrderLine_shop_productId_idx";
