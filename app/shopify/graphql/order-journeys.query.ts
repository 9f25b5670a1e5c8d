// The journey summaries of orders read again by id (the re-read job: summaries Shopify had not finished
// attributing, or orders without a stored journey; docs/touchpoints.md §4).
import { OrderJourneySummaryFragment } from "./order-journey.fragment";

export const OrderJourneys = `#graphql
  query OrderJourneys($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Order {
        id
        customerJourneySummary {
          ...OrderJourneySummary
        }
      }
    }
  }
  ${OrderJourneySummaryFragment}
`;
