import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseUrl, sqliteFilePath } from "./db-url";

declare global {
  // eslint-disable-next-line no-var
  var prismaGlobal: PrismaClient | undefined;
}

function createPrismaClient(): PrismaClient {
  // timeout: how long a writer waits for SQLite's lock while a job holds it.
  const adapter = new PrismaBetterSQLite3({ url: sqliteFilePath(databaseUrl()), timeout: 10_000 });
  return new PrismaClient({ adapter });
}

// The Shopify template's singleton: one client per process, reused across dev-server reloads.
const prisma: PrismaClient = global.prismaGlobal ?? createPrismaClient();
if (process.env.NODE_ENV === "development") global.prismaGlobal = prisma;

export default prisma;
