-- CreateTable
CREATE TABLE "Scenario" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "activatedAt" TIMESTAMP(3),
    "marketingActivityId" TEXT,
    "sharedDiscountId" TEXT,
    "sharedDiscountCode" TEXT,
    "transitionsThroughId" INTEGER NOT NULL DEFAULT 0,
    "evaluatedThrough" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Scenario_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScenarioEntry" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "scenarioId" INTEGER NOT NULL,
    "customerId" TEXT NOT NULL,
    "entryNumber" INTEGER NOT NULL,
    "entryKey" TEXT NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL,
    "holdout" BOOLEAN NOT NULL,
    "exitedAt" TIMESTAMP(3),
    "exitReason" TEXT,

    CONSTRAINT "ScenarioEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StepFire" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "scenarioId" INTEGER NOT NULL,
    "entryId" INTEGER NOT NULL,
    "stepIndex" INTEGER NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "claimedAt" TIMESTAMP(3),
    "firedAt" TIMESTAMP(3),
    "idempotencyKey" TEXT NOT NULL,
    "discountCodeId" TEXT,
    "discountCode" TEXT,
    "redeemedOrderId" TEXT,
    "discountAmount" DOUBLE PRECISION,

    CONSTRAINT "StepFire_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Scenario_shop_status_idx" ON "Scenario"("shop", "status");

-- CreateIndex
CREATE INDEX "ScenarioEntry_scenarioId_exitedAt_idx" ON "ScenarioEntry"("scenarioId", "exitedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ScenarioEntry_scenarioId_entryKey_key" ON "ScenarioEntry"("scenarioId", "entryKey");

-- CreateIndex
CREATE UNIQUE INDEX "ScenarioEntry_scenarioId_customerId_entryNumber_key" ON "ScenarioEntry"("scenarioId", "customerId", "entryNumber");

-- CreateIndex
CREATE UNIQUE INDEX "StepFire_idempotencyKey_key" ON "StepFire"("idempotencyKey");

-- CreateIndex
CREATE INDEX "StepFire_shop_firedAt_dueAt_idx" ON "StepFire"("shop", "firedAt", "dueAt");

-- CreateIndex
CREATE INDEX "StepFire_entryId_idx" ON "StepFire"("entryId");

