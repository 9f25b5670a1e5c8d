// What a customer who makes a journey step brings, from the shop's own history: the mean revenue in
// the 12 months from the day they reached the step's next stage (that day's orders included).
//
// Customers who reached it recently are observed for less than 12 months. Averaging only what they
// spent so far would understate the value; dropping them would leave a young shop with no estimate.
// So the value is the mean cumulative function of revenue (Nelson's estimator for recurrent events
// under censoring): for each day k after the step, the revenue on day k of the customers observed on
// day k, divided by how many were observed — summed over k. The sum stops where fewer than a fifth of
// the customers are still observed (a thin tail of the earliest customers would speak for everyone),
// so a shop with less history gets a shorter horizon, and `horizonDays` says how far it reaches.
import type { EpochDay } from "../calendar";

const STEP_VALUE_HORIZON_DAYS = 365;
/** The estimate stops where fewer than this share of the customers are observed. */
const MIN_OBSERVED_SHARE = 0.2;

export interface StepValue {
  /** Mean revenue per customer in `horizonDays` from the step, in the shop's currency. */
  value: number;
  /** Customers who made the step by the as-of day (the estimate's base). */
  customers: number;
  /** Days after the step the estimate covers (365, or fewer when the shop's history is shorter). */
  horizonDays: number;
}

/** One customer who reached the stage on `reachedDay`, with their orders (day, net amount) from that day on. */
export interface ValueArrival {
  reachedDay: EpochDay;
  orders: readonly { day: EpochDay; amount: number }[];
}

export function stepValue(arrivals: Iterable<ValueArrival>, asOfDay: EpochDay, horizonDays = STEP_VALUE_HORIZON_DAYS): StepValue {
  const revenue = new Float64Array(horizonDays);
  // leaving[k]: customers whose observation ends after day k − 1 (observed on days 0 … k − 1).
  const leaving = new Int32Array(horizonDays + 1);
  let customers = 0;
  for (const { reachedDay, orders } of arrivals) {
    if (reachedDay > asOfDay) continue;
    customers += 1;
    const observed = Math.min(horizonDays, asOfDay - reachedDay + 1);
    leaving[observed] += 1;
    for (const order of orders) {
      const k = order.day - reachedDay;
      if (k >= 0 && k < observed) revenue[k] += order.amount;
    }
  }
  let atRisk = customers;
  let value = 0;
  let reach = 0;
  for (let k = 0; k < horizonDays; k++) {
    atRisk -= leaving[k];
    if (atRisk <= 0 || atRisk < MIN_OBSERVED_SHARE * customers) break;
    value += revenue[k] / atRisk;
    reach = k + 1;
  }
  return { value, customers, horizonDays: reach };
}
