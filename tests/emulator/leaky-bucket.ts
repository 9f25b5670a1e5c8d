// Shopify's GraphQL Admin rate limit: a leaky bucket of cost points per app+shop.
//
// Source: https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits and
// https://shopify.dev/docs/api/usage/limits#cost-calculation — "Before execution begins, an app's bucket
// must have enough capacity for the requested cost of a query. When execution is complete, the bucket
// is refunded the difference between the requested cost and the actual cost of the query."
// Standard plan: 2000 points, restored at 100 points/second (maximumAvailable 2000.0 / restoreRate 100.0
// seen in 2025–2026 responses; docs/shopify.md §2).

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** performance.now() — monotonic real time in milliseconds. */
export const realClock = (): number => performance.now();

export class LeakyBucket {
  readonly bucketSize: number;
  readonly restoreRate: number;
  private readonly clock: () => number;
  private available: number;
  private lastRefillMs: number;

  constructor(options: { bucketSize: number; restoreRate: number; clock?: () => number }) {
    if (!(options.bucketSize > 0) || !(options.restoreRate > 0)) {
      throw new Error(`LeakyBucket needs a positive bucketSize and restoreRate, got ${JSON.stringify(options)}`);
    }
    this.bucketSize = options.bucketSize;
    this.restoreRate = options.restoreRate;
    this.clock = options.clock ?? realClock;
    this.available = options.bucketSize;
    this.lastRefillMs = this.clock();
  }

  private refill(): void {
    const now = this.clock();
    const elapsedSeconds = Math.max(0, now - this.lastRefillMs) / 1000;
    this.lastRefillMs = now;
    this.available = Math.min(this.bucketSize, this.available + elapsedSeconds * this.restoreRate);
  }

  /** The points available now (fractional; Shopify reports the integer part). */
  currentlyAvailable(): number {
    this.refill();
    return this.available;
  }

  /** Takes `cost` points if the bucket holds that many; false (and nothing taken) otherwise. */
  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  /** Gives back points (the requested − actual difference), never above the bucket size. */
  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.bucketSize, this.available + Math.max(0, points));
  }

  /** Sets the level directly (tests: "start with an almost empty bucket"). */
  setAvailable(points: number): void {
    this.refill();
    this.available = Math.max(0, Math.min(this.bucketSize, points));
  }

  /** The throttleStatus block of extensions.cost. */
  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.bucketSize,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.restoreRate,
    };
  }
}
