-- One row per order instead of one per product (docs/decisions/016): stored products carry over,
-- sorted by product id as the app writes them.
-- CreateTable
CREATE TABLE "OrderProducts" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "products" TEXT NOT NULL,

    CONSTRAINT "OrderProducts_pkey" PRIMARY KEY ("shop","orderId")
);

INSERT INTO "OrderProducts" ("shop", "orderId", "products")
SELECT "shop", "orderId", json_agg(json_build_array("productId", "quantity") ORDER BY "productId")::text
FROM "OrderLine"
GROUP BY "shop", "orderId";

-- DropTable
DROP TABLE "OrderLine";
