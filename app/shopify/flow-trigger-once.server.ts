// Telling Flow once, even across a crash (docs/decisions/036): a trigger goes out in one request with
// its witness — an app-owned customer metafield set to the key of what was sent — and the caller marks
// it sent afterwards. A send that was never marked is checked first: when the witness holds its key,
// Flow was told and only the mark was lost. Used by the scenario steps and the subscription triggers
// (the segment trigger, one request without a witness, shares only the payload's customer id).
import type { AdminClient } from "./admin-client.server";
import { CustomerWitness } from "./graphql/customer-witness.query";
import { FlowTriggerWithWitness } from "./graphql/flow-trigger-with-witness.mutation";

/** A Flow payload's customer_reference (and product ids) are the resource's numeric (legacy) id, not its GID. */
export function legacyResourceId(gid: string, type: "Customer" | "Product"): number {
  const id = new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(gid)?.[1];
  if (!id) throw new RangeError(`Not a ${type} GID: ${gid}`);
  return Number(id);
}

/** Where a send is witnessed (an app-owned namespace, `$app:…`) and the key of the send. */
export interface FlowWitness {
  customerId: string;
  namespace: string;
  key: string;
  value: string;
}

/** Whether the customer's witness holds this send's value: Flow was told. */
export async function flowTriggerWitnessed(admin: AdminClient, { customerId, namespace, key, value }: FlowWitness): Promise<boolean> {
  const result = await admin.request(CustomerWitness, { customerId, namespace, key });
  return result.customer?.metafield?.value === value;
}

/**
 * The trigger, then its witness, in one request. Returns the user errors' messages: a payload Flow
 * rejects cannot succeed later (network and 5xx failures throw).
 */
export async function sendFlowTriggerWithWitness(
  admin: AdminClient,
  { handle, payload }: { handle: string; payload: object },
  { customerId, namespace, key, value }: FlowWitness,
): Promise<string[]> {
  const result = await admin.request(FlowTriggerWithWitness, {
    handle,
    payload,
    witness: [{ ownerId: customerId, namespace, key, type: "single_line_text_field", value }],
  });
  return [...(result.flowTriggerReceive?.userErrors ?? []), ...(result.metafieldsSet?.userErrors ?? [])].map((e) => e.message);
}
