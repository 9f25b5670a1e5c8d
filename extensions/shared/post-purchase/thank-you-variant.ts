// Which thank-you a buyer sees, from their lifecycle stage (docs/domain.md §2) as Tsunagu last computed
// it. On the thank-you page that stage predates the order just placed; Shopify's isFirstOrder says
// whether it is the first. The same categories as the theme's thank-you block.
export type ThankYouVariant = "first" | "regular" | "vip" | "welcomeBack" | "default";

export function thankYouVariant(stage: string | null, isFirstOrder?: boolean): ThankYouVariant {
  if (isFirstOrder) return "first";
  switch (stage) {
    case "dormant":
    case "churned":
      return "welcomeBack";
    case "vip":
      return "vip";
    case "regular":
      return "regular";
    // A first-time buyer placing another order is a repeat buyer now.
    case "new":
      return isFirstOrder === false ? "regular" : "first";
    case "prospect":
      return "first";
    default:
      return "default";
  }
}
