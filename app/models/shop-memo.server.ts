// A short-lived per-shop cache for derived numbers that need a full read of a shop's rows (RFM
// quintiles, cohorts). Concurrent requests share one computation (the promise is kept); a failed
// computation is dropped; expired entries are swept on each store, so idle shops do not hold memory.
export function shopMemo<T>(ttlMs: number) {
  const entries = new Map<string, { key: string; expiresAt: number; value: Promise<T> }>();
  return (shop: string, key: string, compute: () => Promise<T>): Promise<T> => {
    const now = Date.now();
    const cached = entries.get(shop);
    if (cached && cached.key === key && cached.expiresAt > now) return cached.value;
    for (const [other, entry] of entries) if (entry.expiresAt <= now) entries.delete(other);
    const value = compute();
    entries.set(shop, { key, expiresAt: now + ttlMs, value });
    value.catch(() => {
      if (entries.get(shop)?.value === value) entries.delete(shop);
    });
    return value;
  };
}
