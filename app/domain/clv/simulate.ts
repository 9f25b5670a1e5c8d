// Seeded simulation from the CLV models, for parameter recovery and synthetic benchmarks.
// Deterministic: the same seed gives the same customers on every machine (no Math.random, no clock).

import type { BgNbdParams } from "./bg-nbd";
import type { GammaGammaParams } from "./gamma-gamma";

export interface Random {
  /** Uniform on the open interval (0, 1). */
  uniform(): number;
}

/** sfc32 (Chris Doty-Humphrey's small fast counting generator), seeded through splitmix32. */
export function createRandom(seed: number): Random {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next();
  return { uniform: () => (next() + 0.5) / 4294967296 };
}

function standardNormal(random: Random): number {
  return Math.sqrt(-2 * Math.log(random.uniform())) * Math.cos(2 * Math.PI * random.uniform());
}

/** Gamma(shape, rate) by Marsaglia & Tsang (2000); shape < 1 via the boost Gamma(shape+1)·U^(1/shape). */
export function sampleGamma(random: Random, shape: number, rate: number): number {
  if (shape < 1) return sampleGamma(random, shape + 1, rate) * Math.pow(random.uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = standardNormal(random);
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = random.uniform();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export function sampleBeta(random: Random, a: number, b: number): number {
  const g = sampleGamma(random, a, 1);
  return g / (g + sampleGamma(random, b, 1));
}

export interface SimulatedCustomer {
  x: number;
  t_x: number;
  T: number;
  /** Repeat purchases in (T, T + holdout]. */
  xHoldout: number;
  zbar: number;
}

/**
 * Customers drawn from BG/NBD or MBG/NBD (params.model) with the given ages T, each bought after the
 * first purchase at time 0; optional Gamma-Gamma amounts give zbar (else zbar = 0).
 */
export function simulateCustomers(
  random: Random,
  purchaseModel: BgNbdParams,
  ages: ArrayLike<number>,
  options: { holdout?: number; spendModel?: GammaGammaParams } = {},
): SimulatedCustomer[] {
  const { r, alpha, a, b } = purchaseModel;
  const holdout = options.holdout ?? 0;
  const customers: SimulatedCustomer[] = [];
  for (let i = 0; i < ages.length; i++) {
    const T = ages[i];
    const lambda = sampleGamma(random, r, alpha);
    const p = sampleBeta(random, a, b);
    const nu = options.spendModel ? sampleGamma(random, options.spendModel.q, options.spendModel.gamma) : 0;
    let alive = purchaseModel.model === "bg-nbd" || random.uniform() > p;
    let t = 0;
    let x = 0;
    let t_x = 0;
    let xHoldout = 0;
    let spend = 0;
    while (alive) {
      t += -Math.log(random.uniform()) / lambda;
      if (t > T + holdout) break;
      if (t <= T) {
        x++;
        t_x = t;
        if (options.spendModel) spend += sampleGamma(random, options.spendModel.p, nu);
      } else {
        xHoldout++;
      }
      alive = random.uniform() > p;
    }
    customers.push({ x, t_x, T, xHoldout, zbar: x > 0 ? spend / x : 0 });
  }
  return customers;
}

/**
 * Customers drawn from Pareto/NBD with the given ages T (first purchase at time 0): purchase rate
 * λ ~ Gamma(r, α), lifetime ~ Exponential(μ), μ ~ Gamma(s, β); repeat purchases counted in (0, T] and
 * (T, T + holdout].
 */
export function simulateParetoCustomers(
  random: Random,
  { r, alpha, s, beta }: { r: number; alpha: number; s: number; beta: number },
  ages: ArrayLike<number>,
  options: { holdout?: number } = {},
): SimulatedCustomer[] {
  const holdout = options.holdout ?? 0;
  const customers: SimulatedCustomer[] = [];
  for (let i = 0; i < ages.length; i++) {
    const T = ages[i];
    const lambda = sampleGamma(random, r, alpha);
    const mu = sampleGamma(random, s, beta);
    const lifetime = -Math.log(random.uniform()) / mu;
    const end = Math.min(lifetime, T + holdout);
    let t = 0;
    let x = 0;
    let t_x = 0;
    let xHoldout = 0;
    for (;;) {
      t += -Math.log(random.uniform()) / lambda;
      if (t > end) break;
      if (t <= T) {
        x++;
        t_x = t;
      } else {
        xHoldout++;
      }
    }
    customers.push({ x, t_x, T, xHoldout, zbar: 0 });
  }
  return customers;
}
