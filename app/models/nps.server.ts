// One-question NPS answers from the thank-you (checkout) and order-status (customer account)
// extensions: the first answer of an order is the one kept (docs/decisions/013).
import { Prisma } from "@prisma/client";
import { npsCategory } from "../domain/reviews";
import prisma from "../db.server";
import { recordAdvocacyAct } from "./advocacy.server";
import { refreshAdvocacyDays } from "./journey.server";

export type NpsSource = "thank-you" | "order-status";

export const RECENT_ANSWERS_READ = 1_000;

export interface NpsAnswerInput {
  customerId: string | null;
  orderId: string;
  score: number;
  comment: string | null;
  source: NpsSource;
}

/**
 * Stores the order's first answer. A later one is not stored: "repeated" when it says what the stored
 * one says (a retried request), "conflict" otherwise. The unique (shop, orderId) key decides between
 * two answers sent at once.
 */
export async function saveFirstNpsAnswer(shop: string, answer: NpsAnswerInput, at: Date): Promise<"saved" | "repeated" | "conflict"> {
  try {
    await prisma.npsAnswer.create({ data: { shop, ...answer, createdAt: at } });
    const replacedAct =
      answer.customerId !== null && npsCategory(answer.score) === "promoter" ? await recordAdvocacyAct(shop, answer.customerId, at) : null;
    // The journey's daily advocacy sums of the answer's day (and of the first act it replaced).
    await refreshAdvocacyDays(shop, replacedAct ? [at, replacedAct] : [at]);
    return "saved";
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
  }
  const stored = await prisma.npsAnswer.findUnique({
    where: { shop_orderId: { shop, orderId: answer.orderId } },
    select: { score: true, comment: true },
  });
  return stored?.score === answer.score && stored.comment === answer.comment ? "repeated" : "conflict";
}

export async function findNpsAnswer(shop: string, orderId: string): Promise<{ score: number } | null> {
  return prisma.npsAnswer.findUnique({ where: { shop_orderId: { shop, orderId } }, select: { score: true } });
}

/**
 * How many answers given in [start, end) gave each score: counted by the database from the (shop,
 * createdAt, score) index, not mapped answer by answer (~2,600 rows for 90 days cost ~6 ms of CPU a
 * view at 259k customers). Raw, as the Reviews page's other reads (docs/performance.md).
 */
export async function loadNpsScoreCounts(shop: string, start: Date, end: Date): Promise<{ score: number; answers: number }[]> {
  const rows = await prisma.$queryRaw<{ score: number; answers: number | bigint }[]>`
    SELECT "score", COUNT(*) AS "answers" FROM "NpsAnswer"
    WHERE "shop" = ${shop} AND "createdAt" >= ${start} AND "createdAt" < ${end} GROUP BY "score"`;
  return rows.map((row) => ({ score: Number(row.score), answers: Number(row.answers) }));
}

/**
 * The newest answers with a comment among the shop's latest `RECENT_ANSWERS_READ`, for the admin's NPS
 * card. Bounded: a shop whose answers carry few comments made every view read every answer's row
 * (30,646 answers without a comment: ~20 ms CPU a view).
 */
export async function loadRecentNpsComments(
  shop: string,
  take = 5,
): Promise<{ id: number; score: number; comment: string; source: string; createdAt: Date }[]> {
  return prisma.$queryRaw`
    SELECT "id", "score", "comment", "source", "createdAt" FROM (
      SELECT "id", "score", "comment", "source", "createdAt" FROM "NpsAnswer" WHERE "shop" = ${shop}
      ORDER BY "createdAt" DESC LIMIT ${RECENT_ANSWERS_READ}
    ) AS "recent" WHERE "comment" IS NOT NULL ORDER BY "createdAt" DESC LIMIT ${take}`;
}

/** The synced order's customer (null for a guest order), or null when the order is not synced yet. */
export async function findOrderCustomer(shop: string, orderId: string): Promise<{ customerId: string | null } | null> {
  return prisma.order.findUnique({ where: { shop_id: { shop, id: orderId } }, select: { customerId: true } });
}
