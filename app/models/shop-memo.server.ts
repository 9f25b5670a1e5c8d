// One computation of a shop's derived numbers shared by the requests that ask for it while it runs
// (a dashboard opened in several tabs, a loader and its revalidation): nothing is kept once it
// settles, so no web process holds numbers another process would not show (docs/decisions/015-postgresql-and-pg-boss.md:
// stateless web processes). Numbers worth keeping are stored in the database (shop-aggregate.server.ts).
export function shopMemo<T>() {
  const running = new Map<string, Promise<T>>();
  return (shop: string, key: string, compute: () => Promise<T>): Promise<T> => {
    const id = `${shop}|${key}`;
    const current = running.get(id);
    if (current) return current;
    const value = compute().finally(() => running.delete(id));
    running.set(id, value);
    return value;
  };
}
