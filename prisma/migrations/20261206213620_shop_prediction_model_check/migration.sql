-- The holdout check of the candidate purchase models: the chosen model, Pareto/NBD's s and beta, whether P(alive) is shown, and the check itself as JSON
ALTER TABLE "ShopPrediction" ADD COLUMN "model" TEXT;
ALTER TABLE "ShopPrediction" ADD COLUMN "s" REAL;
ALTER TABLE "ShopPrediction" ADD COLUMN "beta" REAL;
ALTER TABLE "ShopPrediction" ADD COLUMN "showPAlive" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "ShopPrediction" ADD COLUMN "modelCheck" TEXT;
