// The Shopify library's Prisma session storage, with the one read every admin request makes — the shop's
// session, in authenticate.admin — as a raw statement (docs/performance.md, "Page loaders and Prisma's
// query compiler"). Writes and the rare reads stay the library's.
import type { PrismaClient } from "@prisma/client";
import type { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";

type SessionRow = Awaited<ReturnType<PrismaClient["session"]["findUniqueOrThrow"]>>;

export class SessionStorageWithRawRead extends PrismaSessionStorage<PrismaClient> {
  constructor(private readonly client: PrismaClient) {
    super(client);
  }

  override async loadSession(id: string): Promise<Session | undefined> {
    const [row] = await this.client.$queryRaw<SessionRow[]>`SELECT * FROM "Session" WHERE "id" = ${id}`;
    // The library's own row-to-session mapping, so a session reads the same either way (tested).
    return row ? (this as unknown as { rowToSession(row: SessionRow): Session }).rowToSession(row) : undefined;
  }
}
