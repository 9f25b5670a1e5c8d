/** @jsxImportSource preact */
// Customer account UI extension on the Order status page (customer-account.order-status.block.render).
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { PostPurchaseBlock } from "../../shared/post-purchase/PostPurchaseBlock";

export default async () => {
  const order = shopify.order.value;
  if (!order) return;
  render(<PostPurchaseBlock api={shopify} source="order-status" orderId={order.id} appUrl={process.env.APP_URL ?? ""} />, document.body);
};
