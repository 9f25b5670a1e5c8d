// Holdout assignment: a random, stable share of a scenario's entrants who receive nothing, so the
// scenario's effect can be measured against them.
//
// "Random" without a random number generator: the assignment is a hash of (shop, scenario, customer,
// entry) mapped to [0, 1) and compared with the share. The same entry is always assigned the same way
// (a retried job, a crash and restart, a re-run of the evaluation), a new entry of the same customer
// (re-entry) is drawn afresh, and raising the share only moves entrants into the holdout, never out.
// The hash is cyrb53 (53-bit, two multiplicative 32-bit lanes; public domain), good enough to be
// uniform for this purpose and identical in Node and the browser.

export const DEFAULT_HOLDOUT_SHARE = 0.1;

export interface EntryIdentity {
  shop: string;
  scenarioId: string;
  customerId: string;
  /** Identifies this entry of the customer into the scenario (e.g. its entry id or entry date). */
  entryId: string;
}

function cyrb53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The entry's position in [0, 1): uniform over entries, a pure function of the identity. */
export function holdoutPosition(entry: EntryIdentity): number {
  // The unit separator cannot occur in ids, so ("a", "bc") and ("ab", "c") hash differently.
  const key = [entry.shop, entry.scenarioId, entry.customerId, entry.entryId].join("\u001f");
  return cyrb53(key) / 2 ** 53;
}

/** Whether this entry belongs to the holdout at the given share (0 ≤ share ≤ 1). */
export function isInHoldout(entry: EntryIdentity, share: number = DEFAULT_HOLDOUT_SHARE): boolean {
  if (!(share >= 0 && share <= 1)) throw new RangeError(`The holdout share must be between 0 and 1, got ${share}.`);
  return holdoutPosition(entry) < share;
}
