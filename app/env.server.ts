// The one place the app reads its environment. Every variable is checked against one schema, and a
// missing or malformed one stops the process at start (app/start.server.ts) with an error naming it.
// (remix.config.js reads TSUNAGU_BUILD_DIR at build time; remix-serve reads PORT and HOST itself.)
import { z } from "zod";

export const DEFAULT_DATABASE_URL = "file:./prisma/dev.db";

/** An empty variable counts as unset (a `.env` line `KEY=` or `KEY= npm start`). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
const origin = z.url({ protocol: /^https?$/ });

const variables = z.object({
  NODE_ENV: optional(z.enum(["development", "production", "test"])),
  /** SQLite (`file:…`, the embedded default) or PostgreSQL (`postgres://…`, `postgresql://…`). */
  DATABASE_URL: optional(
    z
      .string()
      .refine(
        (url) => url.startsWith("file:") || /^postgres(ql)?:\/\//.test(url),
        "must be file:… (SQLite) or postgresql://… (PostgreSQL)",
      ),
  ),
  SHOPIFY_API_KEY: optional(z.string()),
  SHOPIFY_API_SECRET: optional(z.string()),
  SHOPIFY_APP_URL: optional(origin),
  /** Comma-separated access scopes, e.g. read_customers,write_customers. */
  SCOPES: optional(z.string().regex(/^[a-z_]+(,[a-z_]+)*$/, "must be comma-separated scopes such as read_customers,read_orders")),
  SHOP_CUSTOM_DOMAIN: optional(z.string()),
  /** Where requests for *.myshopify.com go instead (the local emulator). */
  SHOPIFY_API_ORIGIN: optional(origin),
  /** One more admin origin allowed to frame the app (the emulator's admin shell). */
  SHOPIFY_ADMIN_ORIGIN: optional(origin),
  APP_BRIDGE_URL: optional(origin),
  /** PostgreSQL deployments: "web" only enqueues jobs, "worker" runs them, "all" does both. */
  TSUNAGU_ROLE: optional(z.enum(["web", "worker", "all"])),
  /** "synthesized": the shop's visits were synthesized by the local emulator (the demo): pages built on them say so. */
  TSUNAGU_DEMO_DATA: optional(z.enum(["synthesized"])),
  /** Pins the app's "now" (the demo runs as of December 2011). */
  TSUNAGU_NOW: optional(
    z.string().refine((value) => !Number.isNaN(new Date(value).getTime()), "must be a date such as 2011-12-10T00:00:00Z"),
  ),
});

const schema = variables
  .superRefine((env, context) => {
    // The built server answers Shopify: without these it could not verify a request.
    if (env.NODE_ENV !== "production") return;
    for (const key of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "SCOPES"] as const) {
      if (!env[key]) context.addIssue({ code: "custom", path: [key], message: "is required in production" });
    }
  })
  .transform((env) => ({
    ...env,
    DATABASE_URL: env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    TSUNAGU_ROLE: env.TSUNAGU_ROLE ?? "all",
    TSUNAGU_NOW: env.TSUNAGU_NOW ? new Date(env.TSUNAGU_NOW) : undefined,
  }));

export type AppEnv = z.output<typeof schema>;
const KEYS = Object.keys(variables.shape) as (keyof typeof variables.shape)[];

export class EnvironmentError extends Error {
  override name = "EnvironmentError";
}

/** Check `source` against the schema; the error names every missing or malformed variable. */
export function parseEnv(source: Record<string, string | undefined>): AppEnv {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0]);
    const value = source[key];
    // Secrets are never echoed.
    const shown = value === undefined || /SECRET|KEY/.test(key) ? "" : ` (got ${JSON.stringify(value.slice(0, 60))})`;
    return `${key} ${issue.message}${shown}`;
  });
  throw new EnvironmentError(`Environment: ${problems.join("; ")}`);
}

let cached: { raw: string; env: AppEnv } | undefined;

/**
 * The process's environment, checked. Parsed again only when one of its variables changed (tests
 * point SHOPIFY_API_ORIGIN at an emulator or pin TSUNAGU_NOW after modules are loaded).
 */
export function appEnv(): AppEnv {
  const raw = KEYS.map((key) => process.env[key] ?? "").join("\0");
  if (cached?.raw !== raw) cached = { raw, env: parseEnv(process.env) };
  return cached.env;
}
