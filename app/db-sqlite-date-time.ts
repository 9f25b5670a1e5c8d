/**
 * Prisma's SQLite DateTime text of a Date ("2026-01-02T03:04:05.678+00:00", toISOString's instant),
 * the day's part cached — a large backfill writes millions of dates over a few thousand days, and
 * toISOString was ~15% of the write worker's time.
 */
export function createSqliteDateTime(): (date: Date) => string {
  const DAY_MS = 86_400_000;
  const days = new Map<number, string>();
  const two = (n: number) => (n < 10 ? "0" : "") + n;
  return (date) => {
    const ms = date.getTime();
    const day = Math.floor(ms / DAY_MS);
    let prefix = days.get(day);
    if (prefix === undefined) {
      const iso = date.toISOString(); // throws on an invalid date, as toISOString always did here
      prefix = iso.slice(0, iso.indexOf("T") + 1);
      if (days.size >= 100_000) days.clear();
      days.set(day, prefix);
    }
    const inDay = ms - day * DAY_MS;
    const seconds = Math.floor(inDay / 1000);
    const milli = inDay % 1000;
    return (
      prefix +
      two(Math.floor(seconds / 3600)) +
      ":" +
      two(Math.floor(seconds / 60) % 60) +
      ":" +
      two(seconds % 60) +
      "." +
      (milli < 100 ? (milli < 10 ? "00" : "0") : "") +
      milli +
      "+00:00"
    );
  };
}
