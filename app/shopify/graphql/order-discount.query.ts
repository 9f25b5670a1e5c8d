// The codes an order used and what they took off: a scenario offer's redemption and its cost.
export const OrderDiscount = `#graphql
  query OrderDiscount($id: ID!) {
    order(id: $id) {
      discountCodes
      totalDiscountsSet {
        shopMoney {
          amount
        }
      }
    }
  }
`;
