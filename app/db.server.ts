import { PrismaClient } from "@prisma/client";
import { databaseDialect } from "./db-dialect";
import { appEnv } from "./env.server";

declare global {
  var prismaGlobal: PrismaClient | undefined;
}

function createPrismaClient(): PrismaClient {
  // sqliteBusyTimeoutMs: how long a writer waits for SQLite's lock while another process holds it.
  return new PrismaClient({
    adapter: databaseDialect().adapterFactory({ sqliteBusyTimeoutMs: 10_000, sqliteWriteAheadLog: true }),
    // Batches of hundreds of writes (tags, predictions) must not roll back because a busy machine
    // or a long sync holding SQLite's write lock made them wait past Prisma's 5 s default.
    transactionOptions: { maxWait: 20_000, timeout: 60_000 },
  });
}

// The Shopify template's singleton: one client per process, reused across dev-server reloads.
const prisma: PrismaClient = global.prismaGlobal ?? createPrismaClient();
if (appEnv().NODE_ENV === "development") global.prismaGlobal = prisma;

export default prisma;
