import { isOwnedTag } from "../domain/owned-tags";
import type { CustomerRecord } from "../domain/records";

/** A customer node as the bulk customers query and CustomersUpdatedSince select it. */
export interface CustomerNode {
  id: string;
  createdAt: string;
  updatedAt: string;
  tags: string[];
  statistics?: { rfmGroup?: string | null } | null;
}

export function mapCustomer(node: CustomerNode, tagPrefix: string): CustomerRecord {
  return {
    id: node.id,
    shopifyCreatedAt: new Date(node.createdAt),
    shopifyUpdatedAt: new Date(node.updatedAt),
    shopifyRfmGroup: node.statistics?.rfmGroup ?? null,
    ownedTags: node.tags.filter((tag) => isOwnedTag(tag, [tagPrefix])),
    tagCount: node.tags.length,
  };
}
