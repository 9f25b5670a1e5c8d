/** `items` in consecutive slices of `size` (the last one shorter when they do not divide evenly). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!(Number.isInteger(size) && size > 0)) throw new RangeError(`A chunk's size must be a whole number above 0, got ${size}.`);
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
