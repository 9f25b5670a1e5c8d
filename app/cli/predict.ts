// `analyze --predict-out P.csv [--horizon-days N]`: every customer's predictions from the SAME domain code
// the app runs (predictShop: the holdout check of the candidate models, the chosen model refitted on
// all orders up to --as-of, Gamma-Gamma for spend).
//
// One row per customer with at least one qualifying order (not cancelled, not test) on or before the
// as-of date, sorted by customer id:
//   customer_id,model,p_alive,expected_orders,expected_spend
// expected_orders and expected_spend cover the N days after the as-of date (default 365), undiscounted.
// model is the chosen model's name, or "none" with empty numbers when the check withholds predictions;
// p_alive is empty when the check does not trust the model's P(alive) (e.g. the no-dropout NBD).

import { writeFile } from "node:fs/promises";
import { predictShop, qualifyingTransactions, type ShopFitSummary } from "../domain/clv/predict-shop";
import type { CustomerHistory } from "../domain/types";
import { InputError } from "./read-lines";

const PREDICT_COLUMNS = ["customer_id", "model", "p_alive", "expected_orders", "expected_spend"] as const;
export const DEFAULT_HORIZON_DAYS = 365;

export interface PredictOutput {
  fit: ShopFitSummary;
  rows: number;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes the predictions CSV; customer ids in `order` (the caller's sort). */
export async function writePredictions(
  histories: readonly CustomerHistory[],
  {
    asOf,
    timeZone,
    horizonDays,
    out,
    compareIds,
  }: { asOf: Date; timeZone: string; horizonDays: number; out: string; compareIds: (a: string, b: string) => number },
): Promise<PredictOutput> {
  const { fit, perCustomer } = predictShop(histories, { asOf, timeZone, horizonDays });
  const buyers = [...new Set(qualifyingTransactions(histories, asOf).map((t) => t.customerId))].sort(compareIds);
  const model = fit.ok ? fit.purchaseModel.model : "none";
  const lines = [PREDICT_COLUMNS.join(",")];
  for (const id of buyers) {
    const p = perCustomer.get(id);
    lines.push(
      p
        ? [csvField(id), model, p.pAlive === null ? "" : p.pAlive.toFixed(6), p.expectedOrders.toFixed(6), p.expectedSpend.toFixed(4)].join(
            ",",
          )
        : `${csvField(id)},none,,,`,
    );
  }
  try {
    await writeFile(out, lines.join("\n") + "\n");
  } catch (error) {
    throw new InputError(`cannot write ${out}: ${(error as Error).message}`);
  }
  return { fit, rows: buyers.length };
}

/** The stderr lines about the check and the chosen model. */
export function formatPredictSummary(out: string, { fit, rows }: PredictOutput): string {
  const check = fit.check;
  const lines = [`predictions: ${rows} customers -> ${out}`];
  if (check && check.candidates.length > 0) {
    lines.push(
      `holdout check: recency AUC ${check.baselines.recencyAuc.toFixed(3)}, zero RMSE ${check.baselines.zeroRmse.toFixed(3)}, past-rate RMSE ${check.baselines.pastRateRmse.toFixed(3)}`,
    );
    for (const c of check.candidates) {
      lines.push(
        c.ok
          ? `  ${c.model.padEnd(10)} RMSE ${c.rmse.toFixed(3)}  aggregate error ${(100 * c.aggregateError).toFixed(1)} %  AUC expected ${c.aucExpected.toFixed(3)}  AUC P(alive) ${c.aucPAlive.toFixed(3)}`
          : `  ${c.model.padEnd(10)} not fitted: ${c.detail}`,
      );
    }
  }
  lines.push(
    fit.ok
      ? `model: ${fit.purchaseModel.model}${fit.showPAlive ? "" : ` (P(alive) withheld: ${check?.pAliveWithheld.join(", ")})`}`
      : `model: none (${fit.reason}: ${fit.detail})`,
  );
  return lines.join("\n") + "\n";
}
