// One-question NPS answers from the thank-you (checkout) and order-status (customer account)
// extensions: one per order — answering again from the other page replaces the answer.
import prisma from "../db.server";

export type NpsSource = "thank-you" | "order-status";

export interface NpsAnswerInput {
  customerId: string | null;
  orderId: string;
  score: number;
  comment: string | null;
  source: NpsSource;
}

/** Returns whether the order already had an answer (which this one replaces). */
export async function saveNpsAnswer(shop: string, answer: NpsAnswerInput, at: Date): Promise<{ replaced: boolean }> {
  const key = { shop_orderId: { shop, orderId: answer.orderId } };
  const existing = await prisma.npsAnswer.findUnique({ where: key, select: { id: true } });
  await prisma.npsAnswer.upsert({
    where: key,
    create: { shop, ...answer, createdAt: at },
    update: { score: answer.score, comment: answer.comment, source: answer.source, createdAt: at },
  });
  return { replaced: existing !== null };
}

export async function findNpsAnswer(shop: string, orderId: string): Promise<{ score: number } | null> {
  return prisma.npsAnswer.findUnique({ where: { shop_orderId: { shop, orderId } }, select: { score: true } });
}

/** Scores (and dates) of answers given in [start, end). */
export async function loadNpsAnswers(shop: string, start: Date, end: Date): Promise<{ score: number; createdAt: Date }[]> {
  return prisma.npsAnswer.findMany({ where: { shop, createdAt: { gte: start, lt: end } }, select: { score: true, createdAt: true } });
}

/** The newest answers with a comment, for the admin's NPS card. */
export async function loadRecentNpsComments(shop: string, take = 5) {
  return prisma.npsAnswer.findMany({
    where: { shop, comment: { not: null } },
    select: { id: true, score: true, comment: true, source: true, createdAt: true },
    orderBy: { createdAt: "desc" },
    take,
  });
}

/** customers/redact: a customer's answers go with them. */
export async function deleteCustomerNpsAnswers(shop: string, customerId: string): Promise<void> {
  await prisma.npsAnswer.deleteMany({ where: { shop, customerId } });
}

/** The synced order's customer (null for a guest order), or null when the order is not synced yet. */
export async function findOrderCustomer(shop: string, orderId: string): Promise<{ customerId: string | null } | null> {
  return prisma.order.findUnique({ where: { shop_id: { shop, id: orderId } }, select: { customerId: true } });
}
