-- The shared offer code lives on each fired step (StepFire.discountCode, one live code per scenario step), so
-- the scenario's pair of columns goes. A scenario run by the demo's shopper simulator is marked simulated.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Scenario" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "activatedAt" DATETIME,
    "marketingActivityId" TEXT,
    "simulated" BOOLEAN NOT NULL DEFAULT false,
    "transitionsThroughId" INTEGER NOT NULL DEFAULT 0,
    "evaluatedThrough" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Scenario" ("activatedAt", "createdAt", "definition", "evaluatedThrough", "id", "marketingActivityId", "shop", "status", "transitionsThroughId", "updatedAt") SELECT "activatedAt", "createdAt", "definition", "evaluatedThrough", "id", "marketingActivityId", "shop", "status", "transitionsThroughId", "updatedAt" FROM "Scenario";
DROP TABLE "Scenario";
ALTER TABLE "new_Scenario" RENAME TO "Scenario";
CREATE INDEX "Scenario_shop_status_idx" ON "Scenario"("shop", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

