-- CreateTable
CREATE TABLE "TrafficDay" (
    "shop" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "sessions" INTEGER NOT NULL,
    "cartSessions" INTEGER NOT NULL,
    "checkoutSessions" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "day", "channel")
);

-- CreateTable
CREATE TABLE "TrafficSync" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "checkedAt" DATETIME NOT NULL,
    "firstDay" INTEGER,
    "lastDay" INTEGER
);
