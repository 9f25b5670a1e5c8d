// Persistence of the shop's CLV fit (ShopPrediction) and the per-customer predictions on Customer.
import prisma from "../db.server";
import type { ShopFitSummary } from "../domain/clv/predict-shop";

export interface StoredCustomerPrediction {
  customerId: string;
  /** null: no prediction for this customer (no qualifying order by the fit's asOf). */
  pAlive: number | null;
  expectedPurchases365: number | null;
  predictedClv12m: number | null;
  atRisk: boolean;
}

const BATCH = 500;

function fitColumns(fit: ShopFitSummary) {
  if (fit.ok) {
    const { r, alpha, a, b } = fit.bgNbd;
    const { p, q, gamma } = fit.gammaGamma;
    return { ok: true, reason: null, detail: null, r, alpha, a, b, p, q, gamma, logLikelihood: fit.logLikelihood };
  }
  return {
    ok: false, reason: fit.reason, detail: fit.detail,
    r: null, alpha: null, a: null, b: null, p: null, q: null, gamma: null, logLikelihood: null,
  };
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
  for (let i = 0; i < customers.length; i += BATCH) {
    await prisma.$transaction(
      customers.slice(i, i + BATCH).map((c) =>
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

export async function loadShopPrediction(shop: string) {
  return prisma.shopPrediction.findUnique({ where: { shop } });
}

export async function loadCustomerPredictions(shop: string): Promise<Map<string, StoredCustomerPrediction>> {
  const rows = await prisma.customer.findMany({
    where: { shop },
    select: { id: true, pAlive: true, expectedPurchases365: true, predictedClv12m: true, atRisk: true },
  });
  return new Map(rows.map(({ id, ...rest }) => [id, { customerId: id, ...rest }]));
}
