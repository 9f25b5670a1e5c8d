import { isOwnedTag } from "../domain/owned-tags";

/** A customer node as the bulk customers query and CustomersUpdatedSince select it. */
export interface CustomerNode {
  id: string;
  createdAt: string;
  updatedAt: string;
  tags: string[];
  statistics?: { rfmGroup?: string | null } | null;
}

export interface MappedCustomer {
  id: string;
  shopifyCreatedAt: Date;
  shopifyUpdatedAt: Date;
  shopifyRfmGroup: string | null;
  /** Only the tags carrying our prefix: the merchant's own tags are never stored. */
  ownedTags: string[];
  tagCount: number;
}

export function mapCustomer(node: CustomerNode, tagPrefix: string): MappedCustomer {
  return {
    id: node.id,
    shopifyCreatedAt: new Date(node.createdAt),
    shopifyUpdatedAt: new Date(node.updatedAt),
    shopifyRfmGroup: node.statistics?.rfmGroup ?? null,
    ownedTags: node.tags.filter((tag) => isOwnedTag(tag, [tagPrefix])),
    tagCount: node.tags.length,
  };
}
