-- CreateTable
CREATE TABLE "SubscriberOrders" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "orders" TEXT NOT NULL,
    "readAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customerId")
);

-- Carry the stored subscription orders over, packed one row per customer (docs/decisions/050)
INSERT INTO "SubscriberOrders" ("shop", "customerId", "orders", "readAt")
SELECT "shop", "customerId",
    json_group_array(json_array(
        replace("orderId", 'gid://shopify/Order/', ''),
        CAST(round((julianday("processedAt") - 2440587.5) * 86400000) AS INTEGER),
        json(replace("sellingPlanIds", 'gid://shopify/SellingPlan/', '')),
        CASE WHEN "renewal" THEN 1 ELSE 0 END,
        CASE WHEN "cancelled" THEN 1 ELSE 0 END
    )),
    max("readAt")
FROM "SubscriptionOrder"
GROUP BY "shop", "customerId";

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "SubscriptionOrder";
PRAGMA foreign_keys=on;
