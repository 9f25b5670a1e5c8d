// Online store sessions through ShopifyQL (`shopifyqlQuery`, docs/touchpoints.md §7): sessions, sessions with
// cart additions and sessions that reached checkout by shop-local day and referrer, in pages of
// SESSIONS_PAGE_ROWS through the paced Admin client. Shopify denies the field (ACCESS_DENIED) without the
// read_reports scope or Level 2 protected customer data: that is an answer ("denied"), not a failure.
import { AdminApiError, type AdminClient } from "./admin-client.server";
import { ShopifyqlRun } from "./graphql/shopifyql-query.query";
import type { ShopifyqlRunQuery } from "./graphql/generated/admin.generated";
import { formatEpochDay, parseLocalDate, type EpochDay } from "../domain/calendar";
import type { SessionsRow } from "../domain/touchpoints/session-channels";

export const SESSIONS_PAGE_ROWS = 1000;

/** The query for the days [from, to] (both included), one page. Clauses in the ShopifyQL reference's order. */
export function sessionsQuery({ from, to, offset }: { from: EpochDay; to: EpochDay; offset: number }): string {
  return [
    "FROM sessions",
    "SHOW sessions, sessions_with_cart_additions, sessions_that_reached_checkout",
    `SINCE ${formatEpochDay(from)} UNTIL ${formatEpochDay(to)}`,
    "GROUP BY day, referrer_source, referrer_name, utm_source, utm_medium, utm_campaign",
    "ORDER BY day ASC, referrer_source ASC, referrer_name ASC, utm_source ASC, utm_medium ASC, utm_campaign ASC",
    `LIMIT ${SESSIONS_PAGE_ROWS} OFFSET ${offset}`,
  ].join(" ");
}

export class ShopifyqlParseError extends Error {
  constructor(readonly parseErrors: string[]) {
    super(`ShopifyQL parse errors: ${parseErrors.join("; ")}`);
    this.name = "ShopifyqlParseError";
  }
}

const text = (value: unknown): string | null => (value === null || value === undefined || value === "" ? null : String(value));
/** Shopify sends counts as strings ("12") or numbers. */
function count(value: unknown, column: string): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`ShopifyQL row: ${column} is not a count (${JSON.stringify(value)})`);
  return Math.round(n);
}

/** One ShopifyQL row (an object keyed by column name) as a SessionsRow; the day may carry a time ("2026-09-18T00:00:00"). */
export function toSessionsRow(row: Record<string, unknown>): SessionsRow {
  const day = parseLocalDate(String(row.day ?? "").slice(0, 10));
  if (day === null) throw new Error(`ShopifyQL row: day is not a date (${JSON.stringify(row.day)})`);
  return {
    day,
    referrerSource: text(row.referrer_source),
    referrerName: text(row.referrer_name),
    utmSource: text(row.utm_source),
    utmMedium: text(row.utm_medium),
    utmCampaign: text(row.utm_campaign),
    sessions: count(row.sessions, "sessions"),
    cartSessions: count(row.sessions_with_cart_additions, "sessions_with_cart_additions"),
    checkoutSessions: count(row.sessions_that_reached_checkout, "sessions_that_reached_checkout"),
  };
}

const isAccessDenied = (error: unknown) =>
  error instanceof AdminApiError && error.errors.some((e) => e.extensions?.code === "ACCESS_DENIED");

/** The sessions of the days [from, to], or "denied" when the shop has not granted what ShopifyQL needs. */
export async function readSessions(
  admin: AdminClient,
  range: { from: EpochDay; to: EpochDay },
): Promise<{ status: "available"; rows: SessionsRow[] } | { status: "denied" }> {
  const rows: SessionsRow[] = [];
  for (let offset = 0; ; offset += SESSIONS_PAGE_ROWS) {
    let answer: ShopifyqlRunQuery;
    try {
      answer = await admin.request(ShopifyqlRun, { query: sessionsQuery({ ...range, offset }) });
    } catch (error) {
      if (isAccessDenied(error)) return { status: "denied" };
      throw error;
    }
    const response = answer.shopifyqlQuery;
    if (!response) return { status: "denied" };
    if (response.parseErrors.length > 0) throw new ShopifyqlParseError(response.parseErrors);
    const page = (response.tableData?.rows ?? []) as Record<string, unknown>[];
    rows.push(...page.map(toSessionsRow));
    if (page.length < SESSIONS_PAGE_ROWS) return { status: "available", rows };
  }
}
