// The environment is checked in one place: defaults where the app has them, and an error that names
// each missing or malformed variable (never echoing a secret).
import { describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL, parseEnv } from "./env.server";

const PRODUCTION = {
  NODE_ENV: "production",
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "shh",
  SHOPIFY_APP_URL: "https://tsunagu.example",
  SCOPES: "read_customers,read_orders",
};

describe("the app's environment", () => {
  it("runs with nothing set outside production: SQLite, both roles, the real clock", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ DATABASE_URL: DEFAULT_DATABASE_URL, TSUNAGU_ROLE: "all" });
    expect(env.TSUNAGU_NOW).toBeUndefined();
  });

  it("reads a complete production environment, an empty variable counting as unset", () => {
    const env = parseEnv({
      ...PRODUCTION,
      DATABASE_URL: "postgresql://db/tsunagu",
      TSUNAGU_ROLE: "worker",
      TSUNAGU_NOW: "2011-12-10T00:00:00Z",
      SHOP_CUSTOM_DOMAIN: "",
    });
    expect(env.DATABASE_URL).toBe("postgresql://db/tsunagu");
    expect(env.TSUNAGU_ROLE).toBe("worker");
    expect(env.TSUNAGU_NOW?.toISOString()).toBe("2011-12-10T00:00:00.000Z");
    expect(env.SHOP_CUSTOM_DOMAIN).toBeUndefined();
  });

  it("names each variable production needs and lacks", () => {
    expect(() => parseEnv({ NODE_ENV: "production", SHOPIFY_API_KEY: "key", SCOPES: "read_orders" })).toThrow(
      "Environment: SHOPIFY_API_SECRET is required in production; SHOPIFY_APP_URL is required in production",
    );
  });

  it("names a malformed variable and its value", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://db" })).toThrow(
      'DATABASE_URL must be file:… (SQLite) or postgresql://… (PostgreSQL) (got "mysql://db")',
    );
    expect(() => parseEnv({ TSUNAGU_ROLE: "cron" })).toThrow(/^Environment: TSUNAGU_ROLE .*"cron"/);
    expect(() => parseEnv({ TSUNAGU_NOW: "last tuesday" })).toThrow(
      'TSUNAGU_NOW must be a date such as 2011-12-10T00:00:00Z (got "last tuesday")',
    );
    expect(() => parseEnv({ SHOPIFY_API_ORIGIN: "localhost:3000" })).toThrow(/^Environment: SHOPIFY_API_ORIGIN /);
    expect(() => parseEnv({ SCOPES: "read_orders, write_orders" })).toThrow(/^Environment: SCOPES must be comma-separated/);
  });

  it("never prints a secret it refuses", () => {
    expect(() => parseEnv({ ...PRODUCTION, SHOPIFY_API_SECRET: 42 as unknown as string })).toThrow(
      /^Environment: SHOPIFY_API_SECRET [^(]*$/,
    );
  });
});
