// The database DATABASE_URL names, shared by the runtime client (db.server.ts) and the Prisma CLI.
import path from "node:path";
import { appEnv } from "./env.server";

export function databaseUrl(): string {
  return appEnv().DATABASE_URL;
}

export type DatabaseKind = "sqlite" | "postgresql";

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`DATABASE_URL must be file:… (SQLite) or postgresql://… (got ${url.split(":")[0]}:…)`);
}

/** `file:./prisma/dev.db` → an absolute path, resolved from the project root (the working directory). */
export function sqliteFilePath(url: string): string {
  if (databaseKind(url) !== "sqlite") throw new Error(`Not a SQLite URL: ${url.split(":")[0]}:…`);
  const file = url.slice("file:".length);
  return file === ":memory:" ? file : path.resolve(file);
}
