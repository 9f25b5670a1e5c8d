/** Items by key, each group's in the order they came; an item whose key is null is in no group. */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K | null): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Rows by their customer's id. A row without a customer (a guest's order) is in no group. */
export function groupByCustomer<T extends { customerId: string | null }>(rows: Iterable<T>): Map<string, T[]> {
  return groupBy(rows, (row) => row.customerId);
}
