-- AlterTable
ALTER TABLE "AppMetafieldDefinition" ADD COLUMN "namespace" TEXT;

-- CreateTable
CREATE TABLE "CustomerMetafieldState" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "lifecycleSegment" TEXT,
    "predictedValue12m" TEXT,
    "pAlive" TEXT,
    "expectedNextOrderDate" TEXT,
    "writtenAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customerId")
);

