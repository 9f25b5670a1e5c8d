export const SegmentUpdate = `#graphql
  mutation SegmentUpdate($id: ID!, $query: String!) {
    segmentUpdate(id: $id, query: $query) {
      segment {
        id
        query
      }
      userErrors {
        field
        message
      }
    }
  }
`;
