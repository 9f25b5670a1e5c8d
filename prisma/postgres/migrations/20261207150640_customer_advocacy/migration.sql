-- DropIndex
DROP INDEX "Review_shop_createdAt_idx";

-- DropIndex
DROP INDEX "NpsAnswer_shop_createdAt_idx";

-- CreateTable
CREATE TABLE "CustomerAdvocacy" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "firstAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerAdvocacy_pkey" PRIMARY KEY ("shop","customerId")
);

-- CreateIndex
CREATE INDEX "CustomerAdvocacy_shop_firstAt_idx" ON "CustomerAdvocacy"("shop", "firstAt");

-- CreateIndex
CREATE INDEX "Review_shop_createdAt_rating_idx" ON "Review"("shop", "createdAt", "rating");

-- CreateIndex
CREATE INDEX "NpsAnswer_shop_createdAt_score_idx" ON "NpsAnswer"("shop", "createdAt", "score");


-- Carry the first acts of the reviews and answers already stored over (docs/decisions/052)
INSERT INTO "CustomerAdvocacy" ("shop", "customerId", "firstAt")
SELECT "shop", "customerId", MIN("at") FROM (
    SELECT "shop", "customerId", "createdAt" AS "at" FROM "Review"
    UNION ALL
    SELECT "shop", "customerId", "createdAt" AS "at" FROM "NpsAnswer" WHERE "score" >= 9 AND "customerId" IS NOT NULL
) AS "acts" GROUP BY "shop", "customerId";

