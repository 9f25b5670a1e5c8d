-- CreateTable
CREATE TABLE "CustomerFirstOrders" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "firstOrderId" TEXT NOT NULL,
    "firstProcessedAt" TIMESTAMP(3) NOT NULL,
    "secondOrderId" TEXT,
    "secondProcessedAt" TIMESTAMP(3),

    CONSTRAINT "CustomerFirstOrders_pkey" PRIMARY KEY ("shop","customerId")
);

-- CreateTable
CREATE TABLE "ProductType" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "productType" TEXT NOT NULL,

    CONSTRAINT "ProductType_pkey" PRIMARY KEY ("shop","productId")
);
