// An order's buyer, read by id when a post-purchase answer names an order we have not synced yet
// (the thank-you page shows seconds after checkout, before orders/create is processed).
export const OrderOwner = `#graphql
  query OrderOwner($id: ID!) {
    order(id: $id) {
      id
      customer {
        id
      }
    }
  }
`;
