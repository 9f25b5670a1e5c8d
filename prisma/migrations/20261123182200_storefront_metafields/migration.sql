-- CreateTable
CREATE TABLE "StorefrontCustomerState" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "reviewableProducts" TEXT NOT NULL DEFAULT '[]',
    "welcomeBack" BOOLEAN NOT NULL DEFAULT false,
    "writtenAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customerId")
);

-- CreateTable
CREATE TABLE "AppMetafieldDefinition" (
    "shop" TEXT NOT NULL,
    "ownerType" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "definitionId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "ownerType", "key")
);
