export const ShopFacts = `#graphql
  query ShopFacts {
    shop {
      myshopifyDomain
      currencyCode
      ianaTimezone
    }
  }
`;
