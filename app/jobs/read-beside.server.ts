// A read started beside other work and taken once it is needed: a sync starts the subscription orders'
// read (docs/decisions/054) and the older orders' products read (docs/decisions/057) beside the
// backfill's reads, so that Shopify writes their files while the records are applied.

/** A read under way (startReadBeside). */
export interface ReadUnderWay<T, Later = void> {
  /** What it read; when it failed, the read done again now (once), given what is known by then. */
  take(later: Later): Promise<T>;
  /** Resolves once it has ended, whether it succeeded or failed. */
  ended(): Promise<void>;
}

/**
 * Starts `read` now. A read that fails beside other work (its query could not start or did not
 * complete, a bad line) fails nothing there: it is done again when taken, with what the taker knows
 * then (`later`); `what` names it in the warning.
 */
export function startReadBeside<T, Later = void>(what: string, read: (later?: Later) => Promise<T>): ReadUnderWay<T, Later> {
  const underWay = read();
  const ended = underWay.then(
    () => {},
    () => {},
  );
  return {
    take: (later) =>
      underWay.catch((error: unknown) => {
        console.warn(`[tsunagu] ${what} failed, read again: ${String(error)}`);
        return read(later);
      }),
    ended: () => ended,
  };
}
