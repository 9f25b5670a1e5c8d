// What Tsunagu reads of an order's customer journey (docs/touchpoints.md §4): readiness, counts, and the
// first and last visit's channel inputs. The visits are read inline, not through the moments connection,
// so a bulk order stays one line. landingPage and referralInfoHtml are not read (protected data, and a
// landing URL holds query strings); map-journey.ts keeps only the referrer's host. Used by the bulk
// orders query, the order facts queries and the journey re-read.
export const OrderJourneySummaryFragment = `#graphql
  fragment OrderJourneySummary on CustomerJourneySummary {
    ready
    customerOrderIndex
    daysToConversion
    momentsCount {
      count
    }
    firstVisit {
      ...JourneyVisit
    }
    lastVisit {
      ...JourneyVisit
    }
  }
  fragment JourneyVisit on CustomerVisit {
    occurredAt
    source
    sourceType
    referrerUrl
    utmParameters {
      source
      medium
      campaign
    }
    marketingEvent {
      id
    }
  }
`;
