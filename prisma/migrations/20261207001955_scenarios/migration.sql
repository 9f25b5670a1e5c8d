-- CreateTable
CREATE TABLE "Scenario" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "activatedAt" DATETIME,
    "marketingActivityId" TEXT,
    "sharedDiscountId" TEXT,
    "sharedDiscountCode" TEXT,
    "transitionsThroughId" INTEGER NOT NULL DEFAULT 0,
    "evaluatedThrough" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ScenarioEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "scenarioId" INTEGER NOT NULL,
    "customerId" TEXT NOT NULL,
    "entryNumber" INTEGER NOT NULL,
    "entryKey" TEXT NOT NULL,
    "enteredAt" DATETIME NOT NULL,
    "holdout" BOOLEAN NOT NULL,
    "exitedAt" DATETIME,
    "exitReason" TEXT
);

-- CreateTable
CREATE TABLE "StepFire" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "scenarioId" INTEGER NOT NULL,
    "entryId" INTEGER NOT NULL,
    "stepIndex" INTEGER NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "claimedAt" DATETIME,
    "firedAt" DATETIME,
    "idempotencyKey" TEXT NOT NULL,
    "discountCodeId" TEXT,
    "discountCode" TEXT,
    "redeemedOrderId" TEXT,
    "discountAmount" REAL
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

