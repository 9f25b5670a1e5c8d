-- CreateTable
CREATE TABLE "TouchpointSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "utmRules" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
