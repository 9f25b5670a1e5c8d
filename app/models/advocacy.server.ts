// Each customer's first act of advocacy (CustomerAdvocacy): kept as reviews and promoter answers are
// saved, so the journey counts first advocates by an index range (docs/decisions/052). The journey
// rebuild writes the whole shop's rows again from the reviews and answers themselves.
import prisma from "../db.server";

/**
 * Records an act of advocacy at `at`: the customer's first unless an earlier one is stored. Returns the
 * first act it replaced (an earlier act arriving late), whose day loses a first advocate, or null.
 */
export async function recordAdvocacyAct(shop: string, customerId: string, at: Date): Promise<Date | null> {
  const stored = await prisma.customerAdvocacy.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { firstAt: true } });
  await prisma.$executeRaw`
    INSERT INTO "CustomerAdvocacy" ("shop", "customerId", "firstAt") VALUES (${shop}, ${customerId}, ${at})
    ON CONFLICT ("shop", "customerId") DO UPDATE SET "firstAt" = excluded."firstAt"
    WHERE excluded."firstAt" < "CustomerAdvocacy"."firstAt"`;
  return stored && at < stored.firstAt ? stored.firstAt : null;
}

/** Each customer's first act of advocacy, by customer id. */
export async function loadFirstAdvocacyAt(shop: string): Promise<Map<string, Date>> {
  const rows = await prisma.customerAdvocacy.findMany({ where: { shop }, select: { customerId: true, firstAt: true } });
  return new Map(rows.map((row) => [row.customerId, row.firstAt]));
}
