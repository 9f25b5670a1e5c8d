import prisma from "../db.server";

/** The shop's offline access token, which background jobs use to call the Admin API. */
export async function getOfflineAccessToken(shop: string): Promise<string | null> {
  const session = await prisma.session.findFirst({
    where: { shop, isOnline: false },
    select: { accessToken: true },
  });
  return session?.accessToken ?? null;
}

export async function updateSessionScopes(shop: string, scopes: readonly string[]): Promise<void> {
  await prisma.session.updateMany({ where: { shop }, data: { scope: scopes.join(",") } });
}
