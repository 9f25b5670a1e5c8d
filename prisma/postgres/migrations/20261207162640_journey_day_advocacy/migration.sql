-- AlterTable
ALTER TABLE "JourneyDay" ADD COLUMN "firstAdvocates" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "JourneyDay" ADD COLUMN "npsAnswers" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "JourneyDay" ADD COLUMN "npsDetractors" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "JourneyDay" ADD COLUMN "npsPromoters" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "JourneyDay" ADD COLUMN "ratingSum" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "JourneyDay" ADD COLUMN "reviews" INTEGER NOT NULL DEFAULT 0;

-- The columns are filled by the next journey rebuild (the sync and the daily refresh), which knows the
-- shop's time zone. Until then the shop's basis has no advocacyThroughDay and the journey page reads
-- the reviews and answers live, as before (docs/decisions/053).
