// Prisma 6 CLI configuration: migrations run through the bundled wasm schema engine and a driver
// adapter, so `prisma migrate deploy` works offline (no engine download). See docs/decisions/001.
// DATABASE_URL picks the database: SQLite (prisma/schema.prisma, the source of truth) or PostgreSQL
// (prisma/postgres/schema.prisma, generated from it by scripts/postgres-schema.mjs, with its own migrations).
import path from "node:path";
import { defineConfig } from "prisma/config";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { databaseDialect } from "./app/db-dialect";

// The wasm engine arms 10–60 s timers it never clears; unref them so the CLI exits when done.
const originalSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((handler: () => void, ms?: number, ...rest: unknown[]) => {
  const timer = originalSetTimeout(handler, ms, ...rest);
  if ((ms ?? 0) >= 5_000) (timer as unknown as NodeJS.Timeout).unref?.();
  return timer;
}) as typeof setTimeout;

// Shadow-database replay sends a whole migration.sql through executeRaw, which better-sqlite3
// prepares as a single statement; route multi-statement scripts to executeScript instead.
function acceptMultiStatementScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length === 0 && query.sql.split(";").filter((s) => s.trim()).length > 1) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

const dialect = databaseDialect();
const root = dialect.prismaSchemaDir;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(root, "schema.prisma"),
  migrations: { path: path.join(root, "migrations") },
  async adapter() {
    const factory = dialect.adapterFactory({ maxConnections: 2 });
    return {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => acceptMultiStatementScripts(await factory.connect()),
      connectToShadowDb: async () => acceptMultiStatementScripts(await factory.connectToShadowDb()),
    };
  },
});
