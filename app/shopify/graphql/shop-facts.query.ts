export const ShopFacts = `#graphql
  query ShopFacts {
    shop {
      currencyCode
      ianaTimezone
    }
  }
`;
