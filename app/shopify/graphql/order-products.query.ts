// The products of orders read by id: for orders the backfill did not read line items of (processed
// before its order-lines window, docs/decisions/019), when a review needs them. 100 line items per
// order and 4 orders per request keep a request near 800 cost points (Shopify caps one at 1,000);
// an order with more line items reads the rest with OrderProductsPage.
export const ORDERS_PER_PRODUCTS_REQUEST = 4;

export const OrderProducts = `#graphql
  query OrderProducts($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Order {
        id
        lineItems(first: 100) {
          nodes {
            quantity
            product {
              id
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`;

// The line items of an order after a page read with it: by OrderProducts, or inline in the order
// facts queries (order-facts.query.ts).
export const OrderProductsPage = `#graphql
  query OrderProductsPage($id: ID!, $after: String!) {
    order(id: $id) {
      lineItems(first: 100, after: $after) {
        nodes {
          quantity
          product {
            id
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;
