-- AlterTable
ALTER TABLE "JourneyDay" ADD COLUMN     "awarenessConverted" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "considerationConverted" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "purchaseConverted" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "retentionConverted" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "journeyCohorts" TEXT;
