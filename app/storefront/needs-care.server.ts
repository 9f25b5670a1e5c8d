// A 1–2★ review or an NPS detractor answer: the customer needs a follow-up (Customer.needsCare, shown in
// the playbook) and, when the shop turned it on, the `${prefix}needs-care` tag through the tag plan.
import { jobQueue } from "../queue/job-queue.server";
import { markCustomerNeedsCare } from "../models/customer.server";
import { getReviewSettings } from "../models/review.server";

export async function flagCustomerNeedsCare(shop: string, customerId: string): Promise<void> {
  const known = await markCustomerNeedsCare(shop, customerId);
  if (known && (await getReviewSettings(shop))?.needsCareTagEnabled) {
    await jobQueue.enqueue("write-needs-care-tag", { shop, customerId }, { singletonKey: `write-needs-care-tag:${customerId}` });
  }
}
