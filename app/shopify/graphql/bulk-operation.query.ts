// One known operation by id (currentBulkOperation is deprecated and sees only one operation).
export const BulkOperationById = `#graphql
  query BulkOperationById($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      objectCount
      rootObjectCount
      fileSize
      url
      partialDataUrl
    }
  }
`;
