-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "checkoutsSyncedThrough" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "journeyComputedAt" DATETIME;

-- CreateTable
CREATE TABLE "JourneyDay" (
    "shop" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "newCustomers" INTEGER NOT NULL DEFAULT 0,
    "firstCheckouts" INTEGER NOT NULL DEFAULT 0,
    "firstOrders" INTEGER NOT NULL DEFAULT 0,
    "secondOrders" INTEGER NOT NULL DEFAULT 0,
    "abandonedCheckouts" INTEGER NOT NULL DEFAULT 0,
    "recoveredCheckouts" INTEGER NOT NULL DEFAULT 0,
    "repeatOrders" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shop", "day")
);

-- CreateIndex
CREATE INDEX "Customer_shop_needsCare_idx" ON "Customer"("shop", "needsCare");
