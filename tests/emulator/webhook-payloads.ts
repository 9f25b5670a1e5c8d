// Webhook bodies as Shopify sends them for API version 2026-10: the REST resource JSON (snake_case,
// numeric `id` plus `admin_graphql_api_id`, money as "12.50" strings with *_set twins, times in the
// shop's zone with offset, e.g. "2011-12-09T12:50:00+00:00").
//
// Customer payloads follow the 2025-01 change "New customer's webhook and changes to existing
// customer's webhooks payload" (shopify.dev/changelog, effective 2025-01): `tags`,
// `email_marketing_consent` and `sms_marketing_consent` were removed (use customer.tags_added /
// customer.tags_removed and the consent topics) and customers/purchasing_summary was added. We also
// leave out orders_count / total_spent / last_order_*, which that webhook now carries (⚠️ inferred
// from the changelog's summary; its full list was not read).
import { CANCEL_REASONS, customerGid, FINANCIAL_STATUSES, formatRestMoney, orderGid, type EmulatedShop } from "./store";
import { formatLocalIso } from "./time";
import { derivedSellingPlanIdOfLine, isDerivedRenewal, RENEWAL_SOURCE_NAME } from "./resolvers-subscriptions";
import { derivedRestVisitFields } from "./resolvers-journeys";

type Json = Record<string, unknown>;

function moneySet(shop: EmulatedShop, cents: number): Json {
  const money = { amount: formatRestMoney(cents), currency_code: shop.currencyCode };
  return { shop_money: money, presentment_money: { ...money } };
}

function time(shop: EmulatedShop, ms: number): string | null {
  return Number.isNaN(ms) ? null : formatLocalIso(shop.ianaTimezone, ms);
}

/** Deterministic 32-hex token from the order id (REST `token`). */
function token(id: number): string {
  let h = 2166136261 ^ id;
  let out = "";
  for (let i = 0; i < 4; i++) {
    h = Math.imul(h ^ (h >>> 13), 16777619) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out;
}

function customerJson(shop: EmulatedShop, index: number): Json {
  const C = shop.customers;
  const id = C.id[index];
  return {
    id,
    created_at: time(shop, C.createdAt[index]),
    updated_at: time(shop, C.updatedAt[index]),
    first_name: shop.customerFirstName(index),
    last_name: shop.customerLastName(index),
    state: "disabled",
    note: null,
    verified_email: shop.customerEmail(index) !== null,
    multipass_identifier: null,
    tax_exempt: false,
    email: shop.customerEmail(index),
    phone: null,
    currency: shop.currencyCode,
    tax_exemptions: [],
    admin_graphql_api_id: customerGid(id),
    default_address: null,
  };
}

/** customers/create, customers/update body for a customer GID. */
export function customerWebhookPayload(shop: EmulatedShop, customerGidOrId: string | number): Json {
  const index = shop.customerIndex(customerGidOrId);
  if (index < 0) throw new Error(`No customer ${customerGidOrId} in ${shop.domain}`);
  return { ...customerJson(shop, index), addresses: [] };
}

/** The order's one fulfilment (all lines), as the REST Fulfillment resource. */
function fulfillmentJson(shop: EmulatedShop, o: number, lineItems: Json[]): Json {
  const O = shop.orders;
  const id = O.id[o];
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Fulfillment/${id}`,
    created_at: time(shop, O.fulfilledAt[o]),
    location_id: null,
    name: `${O.name(o)}.1`,
    order_id: id,
    origin_address: {},
    receipt: {},
    service: "manual",
    shipment_status: null,
    status: "success",
    tracking_company: null,
    tracking_number: null,
    tracking_numbers: [],
    tracking_url: null,
    tracking_urls: [],
    updated_at: time(shop, O.fulfilledAt[o]),
    line_items: lineItems,
  };
}

function lineItemJson(shop: EmulatedShop, o: number, l: number, removed: boolean): Json {
  const O = shop.orders;
  const L = shop.lines;
  const id = O.lineIdOffset[o] + l + 1;
  const quantity = L.quantity[l];
  const title = shop.strings[L.title[l]];
  return {
    id,
    admin_graphql_api_id: `gid://shopify/LineItem/${id}`,
    attributed_staffs: [],
    current_quantity: removed ? 0 : quantity,
    fulfillable_quantity: 0,
    fulfillment_service: "manual",
    fulfillment_status: Number.isNaN(O.fulfilledAt[o]) ? null : "fulfilled",
    gift_card: false,
    grams: 0,
    name: title,
    price: formatRestMoney(L.unitCents[l]),
    price_set: moneySet(shop, L.unitCents[l]),
    product_exists: true,
    product_id: L.product[l] + 1,
    properties: [],
    quantity,
    requires_shipping: true,
    // From 2026-10 (changelog "Orders webhooks now include selling_plan_id on line items").
    selling_plan_id: derivedSellingPlanIdOfLine(shop, o, l),
    sku: shop.products.skus[L.product[l]],
    taxable: true,
    title,
    total_discount: "0.00",
    total_discount_set: moneySet(shop, 0),
    variant_id: null,
    variant_inventory_management: null,
    variant_title: null,
    vendor: shop.name,
    tax_lines: [],
    duties: [],
    discount_allocations: [],
  };
}

/** orders/create, orders/updated, orders/cancelled, orders/paid body for an order GID. */
export function orderWebhookPayload(shop: EmulatedShop, orderGidOrId: string | number): Json {
  const o = shop.orderIndex(orderGidOrId);
  if (o < 0) throw new Error(`No order ${orderGidOrId} in ${shop.domain}`);
  const O = shop.orders;
  const id = O.id[o];
  const total = O.totalCents[o];
  const refunded = O.refundedCents[o];
  const current = total - refunded;
  const cancelled = !Number.isNaN(O.cancelledAt[o]);
  const removed = cancelled || (refunded === total && total > 0);
  const customer = O.customer[o];
  const email = customer >= 0 ? shop.customerEmail(customer) : null;
  const status = FINANCIAL_STATUSES[O.financial[o]].toLowerCase();
  const visit = derivedRestVisitFields(shop, o);
  const lineItems: Json[] = [];
  for (let l = O.lineStart[o]; l < O.lineEnd[o]; l++) lineItems.push(lineItemJson(shop, o, l, removed));
  const orderNumber = O.number[o];
  const refunds: Json[] = [];
  if (!Number.isNaN(O.refundedAt[o]) && refunded > 0) {
    const at = time(shop, O.refundedAt[o]);
    refunds.push({
      id,
      admin_graphql_api_id: `gid://shopify/Refund/${id}`,
      created_at: at,
      note: null,
      order_id: id,
      processed_at: at,
      restock: false,
      total_duties_set: moneySet(shop, 0),
      user_id: null,
      order_adjustments: [],
      transactions: [
        {
          id,
          admin_graphql_api_id: `gid://shopify/OrderTransaction/${id}`,
          amount: formatRestMoney(refunded),
          authorization: null,
          created_at: at,
          currency: shop.currencyCode,
          device_id: null,
          error_code: null,
          gateway: "manual",
          kind: "refund",
          location_id: null,
          message: null,
          order_id: id,
          parent_id: null,
          processed_at: at,
          source_name: "web",
          status: "success",
          test: O.test[o] === 1,
          user_id: null,
        },
      ],
      refund_line_items:
        refunded === total
          ? lineItems.map((line, k) => {
              const l = O.lineStart[o] + k;
              const subtotal = shop.lines.unitCents[l] * shop.lines.quantity[l];
              return {
                id: line.id,
                line_item_id: line.id,
                location_id: null,
                quantity: line.quantity,
                restock_type: "no_restock",
                subtotal: formatRestMoney(subtotal),
                subtotal_set: moneySet(shop, subtotal),
                total_tax: "0.00",
                total_tax_set: moneySet(shop, 0),
                line_item: line,
              };
            })
          : [],
      duties: [],
    });
  }
  return {
    id,
    admin_graphql_api_id: orderGid(id),
    app_id: null,
    browser_ip: null,
    buyer_accepts_marketing: customer >= 0 && shop.customerMarketingState(customer) === "SUBSCRIBED",
    cancel_reason: CANCEL_REASONS[O.cancelReason[o]]?.toLowerCase() ?? null,
    cancelled_at: time(shop, O.cancelledAt[o]),
    cart_token: null,
    checkout_id: null,
    checkout_token: null,
    client_details: null,
    closed_at: null,
    company: null,
    confirmation_number: token(id).slice(0, 9).toUpperCase(),
    confirmed: true,
    contact_email: email,
    created_at: time(shop, O.createdAt[o]),
    currency: shop.currencyCode,
    current_shipping_price_set: moneySet(shop, 0),
    current_subtotal_price: formatRestMoney(current),
    current_subtotal_price_set: moneySet(shop, current),
    current_total_additional_fees_set: null,
    current_total_discounts: "0.00",
    current_total_discounts_set: moneySet(shop, 0),
    current_total_duties_set: null,
    current_total_price: formatRestMoney(current),
    current_total_price_set: moneySet(shop, current),
    current_total_tax: "0.00",
    current_total_tax_set: moneySet(shop, 0),
    customer_locale: "en",
    device_id: null,
    discount_codes: [],
    duties_included: false,
    email,
    estimated_taxes: false,
    financial_status: status,
    fulfillment_status: Number.isNaN(O.fulfilledAt[o]) ? null : "fulfilled",
    landing_site: visit.landing_site,
    landing_site_ref: null,
    location_id: null,
    merchant_of_record_app_id: null,
    name: O.name(o),
    note: null,
    note_attributes: [],
    // REST: order_number starts at 1001, number at 1 ("the order's position in the shop's count of orders")
    number: orderNumber - 1000,
    order_number: orderNumber,
    order_status_url: `https://${shop.domain}/orders/${token(id)}/authenticate?key=${token(id + 1)}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: ["manual"],
    phone: null,
    po_number: null,
    presentment_currency: shop.currencyCode,
    processed_at: time(shop, O.processedAt[o]),
    reference: null,
    referring_site: visit.referring_site,
    source_identifier: null,
    source_name: isDerivedRenewal(shop, o) ? RENEWAL_SOURCE_NAME : "web",
    source_url: null,
    subtotal_price: formatRestMoney(total),
    subtotal_price_set: moneySet(shop, total),
    tags: (O.tags[o] ?? []).join(", "),
    tax_exempt: false,
    tax_lines: [],
    taxes_included: true,
    test: O.test[o] === 1,
    token: token(id),
    total_cash_rounding_payment_adjustment_set: moneySet(shop, 0),
    total_cash_rounding_refund_adjustment_set: moneySet(shop, 0),
    total_discounts: "0.00",
    total_discounts_set: moneySet(shop, 0),
    total_line_items_price: formatRestMoney(total),
    total_line_items_price_set: moneySet(shop, total),
    total_outstanding: "0.00",
    total_price: formatRestMoney(total),
    total_price_set: moneySet(shop, total),
    total_shipping_price_set: moneySet(shop, 0),
    total_tax: "0.00",
    total_tax_set: moneySet(shop, 0),
    total_tip_received: "0.00",
    total_weight: 0,
    updated_at: time(shop, O.updatedAt[o]),
    user_id: null,
    billing_address: null,
    customer: customer >= 0 ? customerJson(shop, customer) : null,
    discount_applications: [],
    fulfillments: Number.isNaN(O.fulfilledAt[o]) ? [] : [fulfillmentJson(shop, o, lineItems)],
    line_items: lineItems,
    payment_terms: null,
    refunds,
    shipping_address: null,
    shipping_lines: [],
    returns: [],
  };
}
