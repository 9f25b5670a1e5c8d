const DIGITS = /^\d+$/;

/**
 * Shopify and CSV ids in a stable order: numeric ids by value (leading zeros ignored, any length —
 * never through a JavaScript number), then others as text; numeric ids first.
 */
export function compareIds(a: string, b: string): number {
  const an = DIGITS.test(a);
  const bn = DIGITS.test(b);
  if (an && bn) {
    const la = a.replace(/^0+(?=\d)/, "");
    const lb = b.replace(/^0+(?=\d)/, "");
    if (la.length !== lb.length) return la.length - lb.length;
    if (la !== lb) return la < lb ? -1 : 1;
  } else if (an !== bn) {
    return an ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
