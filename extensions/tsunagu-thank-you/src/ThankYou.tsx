/** @jsxImportSource preact */
// Checkout UI extension on the Thank you page (purchase.thank-you.block.render; the merchant places it
// in the checkout editor).
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { PostPurchaseBlock } from "../../shared/post-purchase/PostPurchaseBlock";

export default async () => {
  const { order, isFirstOrder } = shopify.orderConfirmation.value;
  render(
    <PostPurchaseBlock
      api={shopify}
      source="thank-you"
      orderId={order.id}
      isFirstOrder={isFirstOrder}
      appUrl={process.env.APP_URL ?? ""}
    />,
    document.body,
  );
};
