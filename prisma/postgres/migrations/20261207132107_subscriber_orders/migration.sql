-- CreateTable
CREATE TABLE "SubscriberOrders" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "orders" TEXT NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubscriberOrders_pkey" PRIMARY KEY ("shop","customerId")
);

-- Carry the stored subscription orders over, packed one row per customer (docs/decisions/050)
INSERT INTO "SubscriberOrders" ("shop", "customerId", "orders", "readAt")
SELECT "shop", "customerId",
    json_agg(json_build_array(
        replace("orderId", 'gid://shopify/Order/', ''),
        round(EXTRACT(EPOCH FROM "processedAt") * 1000)::bigint,
        replace("sellingPlanIds", 'gid://shopify/SellingPlan/', '')::json,
        CASE WHEN "renewal" THEN 1 ELSE 0 END,
        CASE WHEN "cancelled" THEN 1 ELSE 0 END
    ))::text,
    max("readAt")
FROM "SubscriptionOrder"
GROUP BY "shop", "customerId";

-- DropTable
DROP TABLE "SubscriptionOrder";
