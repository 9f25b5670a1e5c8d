-- CreateTable
CREATE TABLE "RateLimitHit" (
    "id" SERIAL NOT NULL,
    "limiter" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitHit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RateLimitHit_limiter_key_at_idx" ON "RateLimitHit"("limiter", "key", "at");

-- CreateIndex
CREATE INDEX "RateLimitHit_limiter_at_idx" ON "RateLimitHit"("limiter", "at");
