export const SegmentsByName = `#graphql
  query SegmentsByName($query: String!) {
    segments(first: 25, query: $query) {
      nodes {
        id
        name
        query
      }
    }
  }
`;
