-- The shared offer code lives on each fired step (StepFire.discountCode, one live code per scenario step), so
-- the scenario's pair of columns goes. A scenario run by the demo's shopper simulator is marked simulated.
-- AlterTable
ALTER TABLE "Scenario" DROP COLUMN "sharedDiscountCode",
DROP COLUMN "sharedDiscountId",
ADD COLUMN     "simulated" BOOLEAN NOT NULL DEFAULT false;

