-- CreateTable
CREATE TABLE "TrafficDay" (
    "shop" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "sessions" INTEGER NOT NULL,
    "cartSessions" INTEGER NOT NULL,
    "checkoutSessions" INTEGER NOT NULL,

    CONSTRAINT "TrafficDay_pkey" PRIMARY KEY ("shop","day","channel")
);

-- CreateTable
CREATE TABLE "TrafficSync" (
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "firstDay" INTEGER,
    "lastDay" INTEGER,

    CONSTRAINT "TrafficSync_pkey" PRIMARY KEY ("shop")
);
