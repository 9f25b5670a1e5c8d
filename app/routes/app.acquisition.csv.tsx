// The acquisition reports as CSV (?table=groups, the default: every channel, product type and product;
// ?table=next-products: what the second order held after each first product), in the admin's language.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { resolveLocale } from "../i18n/messages.server";
import { acquisitionCsv, type AcquisitionCsvTable } from "../models/acquisition-csv";
import { loadAcquisitionReport } from "../models/acquisition.server";
import { authenticate } from "../shopify.server";

const TABLES: readonly AcquisitionCsvTable[] = ["groups", "next-products"];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const table = new URL(request.url).searchParams.get("table") ?? "groups";
  if (!(TABLES as readonly string[]).includes(table)) return json({ error: "unknown_table", tables: TABLES }, { status: 400 });
  const stored = await loadAcquisitionReport(session.shop);
  if (!stored) return new Response("No acquisition report yet", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const day = stored.computedAt.toISOString().slice(0, 10);
  return new Response(acquisitionCsv(stored.value, table as AcquisitionCsvTable, resolveLocale(request)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="tsunagu-acquisition-${table}-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
