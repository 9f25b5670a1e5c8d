// One place that reads DATABASE_URL, shared by the runtime client (db.server.ts) and the Prisma CLI.
import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./prisma/dev.db";

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** `file:./prisma/dev.db` → an absolute path, resolved from the project root (the working directory). */
export function sqliteFilePath(url: string): string {
  if (!url.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a SQLite file: URL (got ${url.split(":")[0]}:…)`);
  }
  const file = url.slice("file:".length);
  return file === ":memory:" ? file : path.resolve(file);
}
