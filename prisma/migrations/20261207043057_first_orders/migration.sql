-- CreateTable
CREATE TABLE "CustomerFirstOrders" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "firstOrderId" TEXT NOT NULL,
    "firstProcessedAt" DATETIME NOT NULL,
    "secondOrderId" TEXT,
    "secondProcessedAt" DATETIME,

    PRIMARY KEY ("shop", "customerId")
);

-- CreateTable
CREATE TABLE "ProductType" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "productType" TEXT NOT NULL,

    PRIMARY KEY ("shop", "productId")
);
