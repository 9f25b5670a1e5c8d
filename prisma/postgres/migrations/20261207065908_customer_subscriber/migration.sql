-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "subscriber" BOOLEAN NOT NULL DEFAULT false;
