// The database DATABASE_URL names, shared by the runtime client (db.server.ts) and the Prisma CLI;
// db-dialect.ts tells SQLite and PostgreSQL apart.
import { appEnv } from "./env.server";

export function databaseUrl(): string {
  return appEnv().DATABASE_URL;
}
