// An offer code (scenario offer steps): a basic code discount. For one customer it is limited to them
// (context.customers), single use (usageLimit 1, appliesOncePerCustomer) and expires (endsAt); a
// shared code is limited to a native segment (context.customerSegments). Needs write_discounts.
export const DiscountCodeBasicCreate = `#graphql
  mutation DiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode {
        id
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;
