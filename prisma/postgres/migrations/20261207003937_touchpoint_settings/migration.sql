-- CreateTable
CREATE TABLE "TouchpointSettings" (
    "shop" TEXT NOT NULL,
    "utmRules" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TouchpointSettings_pkey" PRIMARY KEY ("shop")
);
