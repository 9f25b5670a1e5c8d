-- One row per order instead of one per product (docs/decisions/016): stored products carry over,
-- sorted by product id as the app writes them.
-- CreateTable
CREATE TABLE "OrderProducts" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "products" TEXT NOT NULL,

    PRIMARY KEY ("shop", "orderId")
);

INSERT INTO "OrderProducts" ("shop", "orderId", "products")
SELECT "shop", "orderId", json_group_array(json_array("productId", "quantity"))
FROM (SELECT * FROM "OrderLine" ORDER BY "shop", "orderId", "productId")
GROUP BY "shop", "orderId";

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "OrderLine";
PRAGMA foreign_keys=on;
