// Persistence of the shop's CLV fit (ShopPrediction) and the per-customer predictions on Customer.
import type { ShopPrediction } from "@prisma/client";
import prisma from "../db.server";
import type { ModelCheck } from "../domain/clv/model-check";
import type { ShopFitSummary } from "../domain/clv/predict-shop";
import { chunks } from "../domain/chunks";

export interface StoredCustomerPrediction {
  customerId: string;
  /** null: no prediction for this customer (no qualifying order by the fit's asOf). */
  pAlive: number | null;
  expectedPurchases365: number | null;
  predictedClv12m: number | null;
  atRisk: boolean;
}

const BATCH = 500;

/** The check as stored: JSON, with NaN (an AUC nobody could compute) as null. */
function checkJson(fit: ShopFitSummary): string | null {
  return fit.check ? JSON.stringify(fit.check, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v)) : null;
}

function fitColumns(fit: ShopFitSummary) {
  const none = {
    model: null,
    r: null,
    alpha: null,
    a: null,
    b: null,
    s: null,
    beta: null,
    p: null,
    q: null,
    gamma: null,
    logLikelihood: null,
  };
  if (fit.ok) {
    const m = fit.purchaseModel;
    const { p, q, gamma } = fit.gammaGamma;
    return {
      ...none,
      ok: true,
      reason: null,
      detail: null,
      model: m.model,
      r: m.r,
      alpha: m.alpha,
      ...(m.model === "pareto-nbd" ? { s: m.s, beta: m.beta } : m.model === "nbd" ? {} : { a: m.a, b: m.b }),
      p,
      q,
      gamma,
      logLikelihood: fit.logLikelihood,
      showPAlive: fit.showPAlive,
      modelCheck: checkJson(fit),
    };
  }
  return { ...none, ok: false, reason: fit.reason, detail: fit.detail, showPAlive: false, modelCheck: checkJson(fit) };
}

/**
 * Store a shop's fit. When it is ok, `customers` carries every customer's values (null where the
 * customer has none) and is written in batches. When it is not ok, every customer's predictions are
 * cleared and the at-risk flag reset: a failed fit leaves no number behind.
 */
export async function saveShopPredictions(
  shop: string,
  fit: ShopFitSummary,
  fittedAt: Date,
  customers: readonly StoredCustomerPrediction[],
): Promise<void> {
  const row = { fittedAt, customers: fit.customers, repeatBuyers: fit.repeatBuyers, ...fitColumns(fit) };
  const saveFit = prisma.shopPrediction.upsert({ where: { shop }, create: { shop, ...row }, update: row });
  if (!fit.ok) {
    await prisma.$transaction([
      saveFit,
      prisma.customer.updateMany({
        where: { shop },
        data: { pAlive: null, expectedPurchases365: null, predictedClv12m: null, atRisk: false },
      }),
    ]);
    return;
  }
  for (const chunk of chunks(customers, BATCH)) {
    await prisma.$transaction(
      chunk.map((c) =>
        prisma.customer.updateMany({
          where: { shop, id: c.customerId },
          data: {
            pAlive: c.pAlive,
            expectedPurchases365: c.expectedPurchases365,
            predictedClv12m: c.predictedClv12m,
            atRisk: c.atRisk,
          },
        }),
      ),
    );
  }
  // The fit row last: once it says ok, the customers' numbers are the ones it produced.
  await saveFit;
}

/** Read raw: the journey home and Segments page read it on every view (docs/performance.md, "Page loaders and Prisma's query compiler"). */
export async function loadShopPrediction(shop: string): Promise<ShopPrediction | null> {
  const [row] = await prisma.$queryRaw<ShopPrediction[]>`SELECT * FROM "ShopPrediction" WHERE "shop" = ${shop}`;
  return row ?? null;
}

/** The stored holdout check (model-check.ts's ModelCheck, NaN stored as null), or null before the first fit. */
export async function loadModelCheck(
  shop: string,
): Promise<{ fit: NonNullable<Awaited<ReturnType<typeof loadShopPrediction>>>; check: ModelCheck | null } | null> {
  const fit = await loadShopPrediction(shop);
  if (!fit) return null;
  return { fit, check: fit.modelCheck ? (JSON.parse(fit.modelCheck) as ModelCheck) : null };
}

export async function loadCustomerPredictions(shop: string): Promise<Map<string, StoredCustomerPrediction>> {
  const rows = await prisma.customer.findMany({
    where: { shop },
    select: { id: true, pAlive: true, expectedPurchases365: true, predictedClv12m: true, atRisk: true },
  });
  return new Map(rows.map(({ id, ...rest }) => [id, { customerId: id, ...rest }]));
}

/** Each customer's 12-month value, where the purchase model predicted one. */
export async function loadPredictedClv12m(shop: string): Promise<Map<string, number>> {
  const rows = await prisma.customer.findMany({
    where: { shop, predictedClv12m: { not: null } },
    select: { id: true, predictedClv12m: true },
  });
  return new Map(rows.map((r) => [r.id, r.predictedClv12m!]));
}
