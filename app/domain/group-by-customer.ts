/**
 * Rows by their customer's id, each customer's in the order they came. A row without a customer (a
 * guest's order) is in no group.
 */
export function groupByCustomer<T extends { customerId: string | null }>(rows: Iterable<T>): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    if (row.customerId === null) continue;
    const group = groups.get(row.customerId);
    if (group) group.push(row);
    else groups.set(row.customerId, [row]);
  }
  return groups;
}
