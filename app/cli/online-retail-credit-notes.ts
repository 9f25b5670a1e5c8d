// Online Retail's credit notes ("C…" invoices) as refunds of the sales they reverse. One rule for the
// CLI's reader (read-online-retail.ts) and the demo store (the emulator's seed); README "The demo store".
//
// The file does not link a credit note to the invoice it reverses, so the link is rebuilt from the goods.
// Credit notes are applied in date order (ties by invoice number); for each credited line (StockCode,
// quantity q, unit price p) of a customer's credit note:
//   1. goods: the same StockCode on the customer's sales dated at or before the credit note, the latest
//      sale first, each sold line refundable up to the quantity it still has; every unit matched refunds
//      p, at most what the sale still has to refund;
//   2. lines that name no goods (StockCode M manual, D discount, S samples, CRUK commission, B, BANK
//      CHARGES, AMAZONFEE) and whatever step 1 could not match are money: refunded against the
//      customer's latest sale dated at or before the credit note, up to what that sale still has to
//      refund; the rest is dropped (credits for purchases before the file starts, or beyond what the
//      customer paid);
//   3. guest credit notes (no CustomerID) cannot be linked to a sale and are dropped.
// Amounts are integers in whatever unit the caller counts (pence, 1/10,000 of a pound): the rule only
// adds, compares and multiplies by whole quantities, so it is exact in either.

/** StockCodes of credit lines that are money, not goods: manual, discount, samples, commission, fees. */
const MONEY_ONLY_STOCK_CODES: ReadonlySet<string> = new Set(["M", "m", "D", "S", "CRUK", "B", "BANK CHARGES", "AMAZONFEE"]);

export interface RetailLine {
  stockCode: string;
  /** Units sold or credited, ≥ 0 (a credit note's negative quantities are passed as their size). */
  quantity: number;
  /** Price of one unit, a non-negative integer amount. */
  unitPrice: number;
}

/** A sales invoice or a credit note. */
export interface RetailDocument {
  /** The invoice number without its "C": orders documents of the same minute. */
  number: number;
  /** Epoch milliseconds. */
  at: number;
  customerId: string | null;
  creditNote: boolean;
  lines: readonly RetailLine[];
}

export interface CreditNoteRefunds {
  /** Per document (input order): the amount refunded; 0 for credit notes and untouched sales. */
  refunded: Float64Array;
  /** Per document: epoch ms of the latest credit note refunded against it, NaN when none. */
  refundedAt: Float64Array;
  /** Credit notes, guest ones included. */
  creditNotes: number;
  /** Credit notes without a customer: dropped. */
  guestCreditNotes: number;
  /** Σ the customers' credit notes. */
  credited: number;
  /** Refunded by matching credited goods to sold lines (step 1). */
  refundedByLine: number;
  /** Refunded as money against the latest earlier sale (step 2). */
  refundedAsMoney: number;
  /** Credited but not refundable: no earlier sale, or beyond what that sale had left. */
  dropped: number;
}

/** What each sale's total is: Σ quantity × unit price of its lines. */
export function documentTotal(document: RetailDocument): number {
  let total = 0;
  for (const line of document.lines) total += line.quantity * line.unitPrice;
  return total;
}

/** Applies the credit notes among `documents` to the sales among them (the rule is in this file's header). */
export function refundsFromCreditNotes(documents: readonly RetailDocument[]): CreditNoteRefunds {
  const n = documents.length;
  const refunded = new Float64Array(n);
  const refundedAt = new Float64Array(n).fill(Number.NaN);
  const totals = documents.map((d) => (d.creditNote ? 0 : documentTotal(d)));
  const chronological = (a: number, b: number) => documents[a]!.at - documents[b]!.at || documents[a]!.number - documents[b]!.number;
  const indices = Array.from({ length: n }, (_, i) => i).sort(chronological);
  const credits = indices.filter((i) => documents[i]!.creditNote);
  const result = {
    refunded,
    refundedAt,
    creditNotes: credits.length,
    guestCreditNotes: 0,
    credited: 0,
    refundedByLine: 0,
    refundedAsMoney: 0,
    dropped: 0,
  };

  // Each customer's sales in date order, and the sold lines of each (customer, StockCode) that a credit
  // note names, in date order, with the quantity each still has to refund.
  const soldKey = (customerId: string, stockCode: string) => `${customerId}\u0000${stockCode}`;
  const named = new Set<string>();
  for (const i of credits) {
    const { customerId, lines } = documents[i]!;
    if (customerId !== null) for (const line of lines) named.add(soldKey(customerId, line.stockCode));
  }
  const salesOf = new Map<string, number[]>();
  const soldLines = new Map<string, Array<{ sale: number; left: number }>>();
  for (const i of indices) {
    const { customerId, creditNote, lines } = documents[i]!;
    if (creditNote || customerId === null) continue;
    let sales = salesOf.get(customerId);
    if (!sales) salesOf.set(customerId, (sales = []));
    sales.push(i);
    for (const line of lines) {
      const key = soldKey(customerId, line.stockCode);
      if (!named.has(key)) continue;
      let list = soldLines.get(key);
      if (!list) soldLines.set(key, (list = []));
      list.push({ sale: i, left: line.quantity });
    }
  }

  const refund = (sale: number, amount: number, at: number): number => {
    const taken = Math.min(amount, totals[sale]! - refunded[sale]!);
    if (taken > 0) {
      refunded[sale] += taken;
      refundedAt[sale] = at;
    }
    return taken;
  };

  for (const i of credits) {
    const { customerId, at, lines } = documents[i]!;
    if (customerId === null) {
      result.guestCreditNotes++;
      continue;
    }
    let money = 0;
    for (const line of lines) {
      let quantity = line.quantity;
      const unit = line.unitPrice;
      result.credited += quantity * unit;
      const sold = MONEY_ONLY_STOCK_CODES.has(line.stockCode) ? undefined : soldLines.get(soldKey(customerId, line.stockCode));
      for (let k = (sold?.length ?? 0) - 1; k >= 0 && quantity > 0; k--) {
        const s = sold![k]!;
        if (documents[s.sale]!.at > at || s.left === 0) continue;
        const matched = Math.min(quantity, s.left);
        s.left -= matched;
        quantity -= matched;
        const taken = refund(s.sale, matched * unit, at);
        result.refundedByLine += taken;
        money += matched * unit - taken;
      }
      money += quantity * unit;
    }
    if (money === 0) continue;
    const sales = salesOf.get(customerId) ?? [];
    let latest = sales.length - 1;
    while (latest >= 0 && documents[sales[latest]!]!.at > at) latest--;
    const taken = latest >= 0 ? refund(sales[latest]!, money, at) : 0;
    result.refundedAsMoney += taken;
    result.dropped += money - taken;
  }
  return result;
}
