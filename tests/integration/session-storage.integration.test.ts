// The session every admin request loads is read by one raw statement; it must be the same session the
// Shopify library's Prisma storage reads, field for field, for offline and online sessions alike.
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { SessionStorageWithRawRead } from "../../app/models/session-storage.server";

const library = new PrismaSessionStorage(prisma);
const storage = new SessionStorageWithRawRead(prisma);

const offline = new Session({
  id: "offline_a.myshopify.com",
  shop: "a.myshopify.com",
  state: "",
  isOnline: false,
  scope: "read_customers,read_orders",
  accessToken: "shpat_offline",
});
const online = new Session({
  id: "a.myshopify.com_42",
  shop: "a.myshopify.com",
  state: "state-1",
  isOnline: true,
  scope: "read_customers",
  expires: new Date("2026-12-08T10:00:00.000Z"),
  accessToken: "shpua_online",
  onlineAccessInfo: {
    expires_in: 86_400,
    associated_user_scope: "read_customers",
    associated_user: {
      id: 42,
      first_name: "Aiko",
      last_name: "Sato",
      email: "aiko@example.com",
      email_verified: true,
      account_owner: true,
      locale: "ja",
      collaborator: false,
    },
  },
});

beforeAll(async () => {
  await storage.storeSession(offline);
  await storage.storeSession(online);
  // The library's storeSession cannot write a refresh token's expiry (it passes a number for a DateTime).
  await prisma.session.create({
    data: {
      id: "offline_c.myshopify.com",
      shop: "c.myshopify.com",
      state: "",
      accessToken: "shpat_expiring",
      expires: new Date("2026-12-07T11:00:00.000Z"),
      refreshToken: "refresh-1",
      refreshTokenExpires: new Date("2027-01-08T10:00:00.000Z"),
      collaborator: null,
      emailVerified: null,
    },
  });
});

describe("the session storage of admin requests", () => {
  it("reads an offline session as the library does", async () => {
    const read = await storage.loadSession(offline.id);
    expect(read).toEqual(await library.loadSession(offline.id));
    expect(read?.toObject()).toMatchObject({ shop: "a.myshopify.com", isOnline: false, accessToken: "shpat_offline" });
  });

  it("reads an online session with its user and expiry as the library does", async () => {
    const read = await storage.loadSession(online.id);
    expect(read).toEqual(await library.loadSession(online.id));
    expect(read?.expires?.toISOString()).toBe("2026-12-08T10:00:00.000Z");
    expect(read?.onlineAccessInfo?.associated_user).toMatchObject({ id: 42, email: "aiko@example.com", account_owner: true });
  });

  it("reads an expiring offline session with its refresh token as the library does", async () => {
    const read = await storage.loadSession("offline_c.myshopify.com");
    expect(read).toEqual(await library.loadSession("offline_c.myshopify.com"));
    expect(read?.refreshToken).toBe("refresh-1");
    expect(read?.refreshTokenExpires).toEqual(new Date("2027-01-08T10:00:00.000Z"));
  });

  it("finds no session for an id it does not hold", async () => {
    expect(await storage.loadSession("offline_b.myshopify.com")).toBeUndefined();
  });
});
