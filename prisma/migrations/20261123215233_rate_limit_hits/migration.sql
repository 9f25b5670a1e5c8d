-- CreateTable
CREATE TABLE "RateLimitHit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "limiter" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "RateLimitHit_limiter_key_at_idx" ON "RateLimitHit"("limiter", "key", "at");

-- CreateIndex
CREATE INDEX "RateLimitHit_limiter_at_idx" ON "RateLimitHit"("limiter", "at");
