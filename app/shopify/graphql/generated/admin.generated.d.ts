/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type AbandonedCheckoutsPageQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type AbandonedCheckoutsPageQuery = { abandonedCheckouts: { nodes: Array<(
      Pick<AdminTypes.AbandonedCheckout, 'id' | 'createdAt' | 'updatedAt' | 'completedAt'>
      & { customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id'>>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type BulkOperationRunMutationMutationVariables = AdminTypes.Exact<{
  mutation: AdminTypes.Scalars['String']['input'];
  stagedUploadPath: AdminTypes.Scalars['String']['input'];
  clientIdentifier?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type BulkOperationRunMutationMutation = { bulkOperationRunMutation?: AdminTypes.Maybe<{ bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.BulkMutationUserError, 'code' | 'field' | 'message'>> }> };

export type BulkOperationRunQueryMutationVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  groupObjects: AdminTypes.Scalars['Boolean']['input'];
}>;


export type BulkOperationRunQueryMutation = { bulkOperationRunQuery?: AdminTypes.Maybe<{ bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.BulkOperationUserError, 'code' | 'field' | 'message'>> }> };

export type BulkOperationByIdQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type BulkOperationByIdQuery = { bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status' | 'errorCode' | 'objectCount' | 'rootObjectCount' | 'fileSize' | 'url' | 'partialDataUrl'>> };

export type CodeDiscountNodeByCodeQueryVariables = AdminTypes.Exact<{
  code: AdminTypes.Scalars['String']['input'];
}>;


export type CodeDiscountNodeByCodeQuery = { codeDiscountNodeByCode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>> };

export type CustomerTagsAddMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  tags: Array<AdminTypes.Scalars['String']['input']> | AdminTypes.Scalars['String']['input'];
}>;


export type CustomerTagsAddMutation = { tagsAdd?: AdminTypes.Maybe<{ node?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'updatedAt'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type CustomerTagsRemoveMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  tags: Array<AdminTypes.Scalars['String']['input']> | AdminTypes.Scalars['String']['input'];
}>;


export type CustomerTagsRemoveMutation = { tagsRemove?: AdminTypes.Maybe<{ node?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'updatedAt'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type CustomerTagsReplaceMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  add: Array<AdminTypes.Scalars['String']['input']> | AdminTypes.Scalars['String']['input'];
  remove: Array<AdminTypes.Scalars['String']['input']> | AdminTypes.Scalars['String']['input'];
}>;


export type CustomerTagsReplaceMutation = { tagsAdd?: AdminTypes.Maybe<{ node?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'updatedAt'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }>, tagsRemove?: AdminTypes.Maybe<{ node?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'updatedAt'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type CustomerWitnessQueryVariables = AdminTypes.Exact<{
  customerId: AdminTypes.Scalars['ID']['input'];
  namespace: AdminTypes.Scalars['String']['input'];
  key: AdminTypes.Scalars['String']['input'];
}>;


export type CustomerWitnessQuery = { customer?: AdminTypes.Maybe<{ metafield?: AdminTypes.Maybe<Pick<AdminTypes.Metafield, 'value'>> }> };

export type CustomersUpdatedSinceQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query: AdminTypes.Scalars['String']['input'];
}>;


export type CustomersUpdatedSinceQuery = { customers: { nodes: Array<(
      Pick<AdminTypes.Customer, 'id' | 'createdAt' | 'updatedAt' | 'tags'>
      & { statistics: Pick<AdminTypes.CustomerStatistics, 'rfmGroup'> }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type DiscountCodeBasicCreateMutationVariables = AdminTypes.Exact<{
  basicCodeDiscount: AdminTypes.DiscountCodeBasicInput;
}>;


export type DiscountCodeBasicCreateMutation = { discountCodeBasicCreate?: AdminTypes.Maybe<{ codeDiscountNode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'code' | 'field' | 'message'>> }> };

export type FlowTriggerReceiveMutationVariables = AdminTypes.Exact<{
  handle: AdminTypes.Scalars['String']['input'];
  payload: AdminTypes.Scalars['JSON']['input'];
}>;


export type FlowTriggerReceiveMutation = { flowTriggerReceive?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type FlowTriggerWithWitnessMutationVariables = AdminTypes.Exact<{
  handle: AdminTypes.Scalars['String']['input'];
  payload: AdminTypes.Scalars['JSON']['input'];
  witness: Array<AdminTypes.MetafieldsSetInput> | AdminTypes.MetafieldsSetInput;
}>;


export type FlowTriggerWithWitnessMutation = { flowTriggerReceive?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }>, metafieldsSet?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.MetafieldsSetUserError, 'field' | 'message' | 'code'>> }> };

export type MarketingActivityUpsertExternalMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.MarketingActivityUpsertExternalInput;
}>;


export type MarketingActivityUpsertExternalMutation = { marketingActivityUpsertExternal?: AdminTypes.Maybe<{ marketingActivity?: AdminTypes.Maybe<Pick<AdminTypes.MarketingActivity, 'id'>>, userErrors: Array<Pick<AdminTypes.MarketingActivityUserError, 'code' | 'field' | 'message'>> }> };

export type MetafieldDefinitionCreateMutationVariables = AdminTypes.Exact<{
  definition: AdminTypes.MetafieldDefinitionInput;
}>;


export type MetafieldDefinitionCreateMutation = { metafieldDefinitionCreate?: AdminTypes.Maybe<{ createdDefinition?: AdminTypes.Maybe<Pick<AdminTypes.MetafieldDefinition, 'id' | 'namespace'>>, userErrors: Array<Pick<AdminTypes.MetafieldDefinitionCreateUserError, 'field' | 'message' | 'code'>> }> };

export type MetafieldsDeleteMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldIdentifierInput> | AdminTypes.MetafieldIdentifierInput;
}>;


export type MetafieldsDeleteMutation = { metafieldsDelete?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type MetafieldsSetMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldsSetInput> | AdminTypes.MetafieldsSetInput;
}>;


export type MetafieldsSetMutation = { metafieldsSet?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.MetafieldsSetUserError, 'field' | 'message' | 'code'>> }> };

export type OrderDiscountQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderDiscountQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'discountCodes'>
    & { totalDiscountsSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }> }
  )> };

export type OrderFactsFragment = (
  Pick<AdminTypes.Order, 'id' | 'processedAt' | 'updatedAt' | 'cancelledAt' | 'test' | 'displayFinancialStatus'>
  & { customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id' | 'createdAt' | 'updatedAt'>>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, fulfillments: Array<Pick<AdminTypes.Fulfillment, 'createdAt' | 'status'>>, customerJourneySummary?: AdminTypes.Maybe<(
    Pick<AdminTypes.CustomerJourneySummary, 'ready' | 'customerOrderIndex' | 'daysToConversion'>
    & { momentsCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count'>>, firstVisit?: AdminTypes.Maybe<(
      Pick<AdminTypes.CustomerVisit, 'occurredAt' | 'source' | 'sourceType' | 'referrerUrl'>
      & { utmParameters?: AdminTypes.Maybe<Pick<AdminTypes.UtmParameters, 'source' | 'medium' | 'campaign'>>, marketingEvent?: AdminTypes.Maybe<Pick<AdminTypes.MarketingEvent, 'id'>> }
    )>, lastVisit?: AdminTypes.Maybe<(
      Pick<AdminTypes.CustomerVisit, 'occurredAt' | 'source' | 'sourceType' | 'referrerUrl'>
      & { utmParameters?: AdminTypes.Maybe<Pick<AdminTypes.UtmParameters, 'source' | 'medium' | 'campaign'>>, marketingEvent?: AdminTypes.Maybe<Pick<AdminTypes.MarketingEvent, 'id'>> }
    )> }
  )>, lineItems: { nodes: Array<(
      Pick<AdminTypes.LineItem, 'quantity'>
      & { product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>> }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
);

export type OrderFactsByIdQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderFactsByIdQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'processedAt' | 'updatedAt' | 'cancelledAt' | 'test' | 'displayFinancialStatus'>
    & { customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id' | 'createdAt' | 'updatedAt'>>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, fulfillments: Array<Pick<AdminTypes.Fulfillment, 'createdAt' | 'status'>>, customerJourneySummary?: AdminTypes.Maybe<(
      Pick<AdminTypes.CustomerJourneySummary, 'ready' | 'customerOrderIndex' | 'daysToConversion'>
      & { momentsCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count'>>, firstVisit?: AdminTypes.Maybe<(
        Pick<AdminTypes.CustomerVisit, 'occurredAt' | 'source' | 'sourceType' | 'referrerUrl'>
        & { utmParameters?: AdminTypes.Maybe<Pick<AdminTypes.UtmParameters, 'source' | 'medium' | 'campaign'>>, marketingEvent?: AdminTypes.Maybe<Pick<AdminTypes.MarketingEvent, 'id'>> }
      )>, lastVisit?: AdminTypes.Maybe<(
        Pick<AdminTypes.CustomerVisit, 'occurredAt' | 'source' | 'sourceType' | 'referrerUrl'>
        & { utmParameters?: AdminTypes.Maybe<Pick<AdminTypes.UtmParameters, 'source' | 'medium' | 'campaign'>>, marketingEvent?: AdminTypes.Maybe<Pick<AdminTypes.MarketingEvent, 'id'>> }
      )> }
    )>, lineItems: { nodes: Array<(
        Pick<AdminTypes.LineItem, 'quantity'>
        & { product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>> }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
  )> };

export type OrdersUpdatedSinceQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query: AdminTypes.Scalars['String']['input'];
}>;


export type OrdersUpdatedSinceQuery = { orders: { nodes: Array<(
      Pick<AdminTypes.Order, 'id' | 'processedAt' | 'updatedAt' | 'cancelledAt' | 'test' | 'displayFinancialStatus'>
      & { customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id' | 'createdAt' | 'updatedAt'>>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, fulfillments: Array<Pick<AdminTypes.Fulfillment, 'createdAt' | 'status'>>, customerJourneySummary?: AdminTypes.Maybe<(
        Pick<AdminTypes.CustomerJourneySummary, 'ready' | 'customerOrderIndex' | 'daysToConversion'>
        & { momentsCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count'>>, firstVisit?: AdminTypes.Maybe<(
          Pick<AdminTypes.CustomerVisit, 'occurredAt' | 'source' | 'sourceType' | 'referrerUrl'>
          & { utmParameters?: AdminTypes.Maybe<Pick<AdminTypes.UtmParameters, 'source' | 'medium' | 'campaign'>>, marketingEvent?: AdminTypes.Maybe<Pick<AdminTypes.MarketingEvent, 'id'>> }
        )>, lastVisit?: AdminTypes.Maybe<(
          Pick<AdminTypes.CustomerVisit, 'occurredAt' | 'source' | 'sourceType' | 'referrerUrl'>
          & { utmParameters?: AdminTypes.Maybe<Pick<AdminTypes.UtmParameters, 'source' | 'medium' | 'campaign'>>, marketingEvent?: AdminTypes.Maybe<Pick<AdminTypes.MarketingEvent, 'id'>> }
        )> }
      )>, lineItems: { nodes: Array<(
          Pick<AdminTypes.LineItem, 'quantity'>
          & { product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>> }
        )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type OrderJourneySummaryFragment = (
  Pick<AdminTypes.CustomerJourneySummary, 'ready' | 'customerOrderIndex' | 'daysToConversion'>
  & { momentsCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count'>>, firstVisit?: AdminTypes.Maybe<(
    Pick<AdminTypes.CustomerVisit, 'occurredAt' | 'source' | 'sourceType' | 'referrerUrl'>
    & { utmParameters?: AdminTypes.Maybe<Pick<AdminTypes.UtmParameters, 'source' | 'medium' | 'campaign'>>, marketingEvent?: AdminTypes.Maybe<Pick<AdminTypes.MarketingEvent, 'id'>> }
  )>, lastVisit?: AdminTypes.Maybe<(
    Pick<AdminTypes.CustomerVisit, 'occurredAt' | 'source' | 'sourceType' | 'referrerUrl'>
    & { utmParameters?: AdminTypes.Maybe<Pick<AdminTypes.UtmParameters, 'source' | 'medium' | 'campaign'>>, marketingEvent?: AdminTypes.Maybe<Pick<AdminTypes.MarketingEvent, 'id'>> }
  )> }
);

export type JourneyVisitFragment = (
  Pick<AdminTypes.CustomerVisit, 'occurredAt' | 'source' | 'sourceType' | 'referrerUrl'>
  & { utmParameters?: AdminTypes.Maybe<Pick<AdminTypes.UtmParameters, 'source' | 'medium' | 'campaign'>>, marketingEvent?: AdminTypes.Maybe<Pick<AdminTypes.MarketingEvent, 'id'>> }
);

export type OrderJourneysQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type OrderJourneysQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id'>
    & { customerJourneySummary?: AdminTypes.Maybe<(
      Pick<AdminTypes.CustomerJourneySummary, 'ready' | 'customerOrderIndex' | 'daysToConversion'>
      & { momentsCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count'>>, firstVisit?: AdminTypes.Maybe<(
        Pick<AdminTypes.CustomerVisit, 'occurredAt' | 'source' | 'sourceType' | 'referrerUrl'>
        & { utmParameters?: AdminTypes.Maybe<Pick<AdminTypes.UtmParameters, 'source' | 'medium' | 'campaign'>>, marketingEvent?: AdminTypes.Maybe<Pick<AdminTypes.MarketingEvent, 'id'>> }
      )>, lastVisit?: AdminTypes.Maybe<(
        Pick<AdminTypes.CustomerVisit, 'occurredAt' | 'source' | 'sourceType' | 'referrerUrl'>
        & { utmParameters?: AdminTypes.Maybe<Pick<AdminTypes.UtmParameters, 'source' | 'medium' | 'campaign'>>, marketingEvent?: AdminTypes.Maybe<Pick<AdminTypes.MarketingEvent, 'id'>> }
      )> }
    )> }
  )>> };

export type OrderOwnerQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderOwnerQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id'>
    & { customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id'>> }
  )> };

export type OrderProductsQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type OrderProductsQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id'>
    & { lineItems: { nodes: Array<(
        Pick<AdminTypes.LineItem, 'quantity'>
        & { product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>> }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
  )>> };

export type OrderProductsPageQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after: AdminTypes.Scalars['String']['input'];
}>;


export type OrderProductsPageQuery = { order?: AdminTypes.Maybe<{ lineItems: { nodes: Array<(
        Pick<AdminTypes.LineItem, 'quantity'>
        & { product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>> }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }> };

export type ProductTitlesQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type ProductTitlesQuery = { nodes: Array<AdminTypes.Maybe<Pick<AdminTypes.Product, 'id' | 'title'>>> };

export type ProductTypesQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type ProductTypesQuery = { nodes: Array<AdminTypes.Maybe<Pick<AdminTypes.Product, 'id' | 'productType'>>> };

export type RecordCountsQueryVariables = AdminTypes.Exact<{
  ordersBeforeLines: AdminTypes.Scalars['String']['input'];
  ordersBeforeLinesLimit: AdminTypes.Scalars['Int']['input'];
}>;


export type RecordCountsQuery = { customersCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count'>>, ordersCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count'>>, ordersBeforeLines?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count'>> };

export type SegmentCreateMutationVariables = AdminTypes.Exact<{
  name: AdminTypes.Scalars['String']['input'];
  query: AdminTypes.Scalars['String']['input'];
}>;


export type SegmentCreateMutation = { segmentCreate?: AdminTypes.Maybe<{ segment?: AdminTypes.Maybe<Pick<AdminTypes.Segment, 'id' | 'name' | 'query'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type SegmentUpdateMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  query: AdminTypes.Scalars['String']['input'];
}>;


export type SegmentUpdateMutation = { segmentUpdate?: AdminTypes.Maybe<{ segment?: AdminTypes.Maybe<Pick<AdminTypes.Segment, 'id' | 'query'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type SegmentsByNameQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type SegmentsByNameQuery = { segments: { nodes: Array<Pick<AdminTypes.Segment, 'id' | 'name' | 'query'>> } };

export type ShopFactsQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ShopFactsQuery = { shop: Pick<AdminTypes.Shop, 'currencyCode' | 'ianaTimezone'> };

export type ShopifyqlRunQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type ShopifyqlRunQuery = { shopifyqlQuery?: AdminTypes.Maybe<(
    Pick<AdminTypes.ShopifyqlQueryResponse, 'parseErrors'>
    & { tableData?: AdminTypes.Maybe<(
      Pick<AdminTypes.ShopifyqlTableData, 'rows'>
      & { columns: Array<Pick<AdminTypes.ShopifyqlTableDataColumn, 'name' | 'dataType'>> }
    )> }
  )> };

export type StagedUploadsCreateMutationVariables = AdminTypes.Exact<{
  input: Array<AdminTypes.StagedUploadInput> | AdminTypes.StagedUploadInput;
}>;


export type StagedUploadsCreateMutation = { stagedUploadsCreate?: AdminTypes.Maybe<{ stagedTargets?: AdminTypes.Maybe<Array<(
      Pick<AdminTypes.StagedMediaUploadTarget, 'url' | 'resourceUrl'>
      & { parameters: Array<Pick<AdminTypes.StagedUploadParameter, 'name' | 'value'>> }
    )>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type TagsAddMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  tags: Array<AdminTypes.Scalars['String']['input']> | AdminTypes.Scalars['String']['input'];
}>;


export type TagsAddMutation = { tagsAdd?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type TagsRemoveMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  tags: Array<AdminTypes.Scalars['String']['input']> | AdminTypes.Scalars['String']['input'];
}>;


export type TagsRemoveMutation = { tagsRemove?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

interface GeneratedQueryTypes {
  "#graphql\n  query AbandonedCheckoutsPage($first: Int!, $after: String, $query: String) {\n    abandonedCheckouts(first: $first, after: $after, query: $query, sortKey: ID) {\n      nodes {\n        id\n        createdAt\n        updatedAt\n        completedAt\n        customer {\n          id\n        }\n        totalPriceSet {\n          shopMoney {\n            amount\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": {return: AbandonedCheckoutsPageQuery, variables: AbandonedCheckoutsPageQueryVariables},
  "#graphql\n  query BulkOperationById($id: ID!) {\n    bulkOperation(id: $id) {\n      id\n      status\n      errorCode\n      objectCount\n      rootObjectCount\n      fileSize\n      url\n      partialDataUrl\n    }\n  }\n": {return: BulkOperationByIdQuery, variables: BulkOperationByIdQueryVariables},
  "#graphql\n  query CodeDiscountNodeByCode($code: String!) {\n    codeDiscountNodeByCode(code: $code) {\n      id\n    }\n  }\n": {return: CodeDiscountNodeByCodeQuery, variables: CodeDiscountNodeByCodeQueryVariables},
  "#graphql\n  query CustomerWitness($customerId: ID!, $namespace: String!, $key: String!) {\n    customer(id: $customerId) {\n      metafield(namespace: $namespace, key: $key) {\n        value\n      }\n    }\n  }\n": {return: CustomerWitnessQuery, variables: CustomerWitnessQueryVariables},
  "#graphql\n  query CustomersUpdatedSince($first: Int!, $after: String, $query: String!) {\n    customers(first: $first, after: $after, query: $query, sortKey: ID) {\n      nodes {\n        id\n        createdAt\n        updatedAt\n        tags\n        statistics {\n          rfmGroup\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": {return: CustomersUpdatedSinceQuery, variables: CustomersUpdatedSinceQueryVariables},
  "#graphql\n  query OrderDiscount($id: ID!) {\n    order(id: $id) {\n      discountCodes\n      totalDiscountsSet {\n        shopMoney {\n          amount\n        }\n      }\n    }\n  }\n": {return: OrderDiscountQuery, variables: OrderDiscountQueryVariables},
  "#graphql\n  query OrderFactsById($id: ID!) {\n    order(id: $id) {\n      ...OrderFacts\n    }\n  }\n  #graphql\n  fragment OrderFacts on Order {\n    id\n    processedAt\n    updatedAt\n    cancelledAt\n    test\n    displayFinancialStatus\n    customer {\n      id\n      createdAt\n      updatedAt\n    }\n    totalPriceSet {\n      shopMoney {\n        amount\n      }\n    }\n    totalRefundedSet {\n      shopMoney {\n        amount\n      }\n    }\n    fulfillments(first: 10) {\n      createdAt\n      status\n    }\n    customerJourneySummary {\n      ...OrderJourneySummary\n    }\n    lineItems(first: 50) {\n      nodes {\n        quantity\n        product {\n          id\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n\n  #graphql\n  fragment OrderJourneySummary on CustomerJourneySummary {\n    ready\n    customerOrderIndex\n    daysToConversion\n    momentsCount {\n      count\n    }\n    firstVisit {\n      ...JourneyVisit\n    }\n    lastVisit {\n      ...JourneyVisit\n    }\n  }\n  fragment JourneyVisit on CustomerVisit {\n    occurredAt\n    source\n    sourceType\n    referrerUrl\n    utmParameters {\n      source\n      medium\n      campaign\n    }\n    marketingEvent {\n      id\n    }\n  }\n\n": {return: OrderFactsByIdQuery, variables: OrderFactsByIdQueryVariables},
  "#graphql\n  query OrdersUpdatedSince($first: Int!, $after: String, $query: String!) {\n    orders(first: $first, after: $after, query: $query, sortKey: ID) {\n      nodes {\n        ...OrderFacts\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n  #graphql\n  fragment OrderFacts on Order {\n    id\n    processedAt\n    updatedAt\n    cancelledAt\n    test\n    displayFinancialStatus\n    customer {\n      id\n      createdAt\n      updatedAt\n    }\n    totalPriceSet {\n      shopMoney {\n        amount\n      }\n    }\n    totalRefundedSet {\n      shopMoney {\n        amount\n      }\n    }\n    fulfillments(first: 10) {\n      createdAt\n      status\n    }\n    customerJourneySummary {\n      ...OrderJourneySummary\n    }\n    lineItems(first: 50) {\n      nodes {\n        quantity\n        product {\n          id\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n\n  #graphql\n  fragment OrderJourneySummary on CustomerJourneySummary {\n    ready\n    customerOrderIndex\n    daysToConversion\n    momentsCount {\n      count\n    }\n    firstVisit {\n      ...JourneyVisit\n    }\n    lastVisit {\n      ...JourneyVisit\n    }\n  }\n  fragment JourneyVisit on CustomerVisit {\n    occurredAt\n    source\n    sourceType\n    referrerUrl\n    utmParameters {\n      source\n      medium\n      campaign\n    }\n    marketingEvent {\n      id\n    }\n  }\n\n": {return: OrdersUpdatedSinceQuery, variables: OrdersUpdatedSinceQueryVariables},
  "#graphql\n  query OrderJourneys($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on Order {\n        id\n        customerJourneySummary {\n          ...OrderJourneySummary\n        }\n      }\n    }\n  }\n  #graphql\n  fragment OrderJourneySummary on CustomerJourneySummary {\n    ready\n    customerOrderIndex\n    daysToConversion\n    momentsCount {\n      count\n    }\n    firstVisit {\n      ...JourneyVisit\n    }\n    lastVisit {\n      ...JourneyVisit\n    }\n  }\n  fragment JourneyVisit on CustomerVisit {\n    occurredAt\n    source\n    sourceType\n    referrerUrl\n    utmParameters {\n      source\n      medium\n      campaign\n    }\n    marketingEvent {\n      id\n    }\n  }\n\n": {return: OrderJourneysQuery, variables: OrderJourneysQueryVariables},
  "#graphql\n  query OrderOwner($id: ID!) {\n    order(id: $id) {\n      id\n      customer {\n        id\n      }\n    }\n  }\n": {return: OrderOwnerQuery, variables: OrderOwnerQueryVariables},
  "#graphql\n  query OrderProducts($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on Order {\n        id\n        lineItems(first: 100) {\n          nodes {\n            quantity\n            product {\n              id\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": {return: OrderProductsQuery, variables: OrderProductsQueryVariables},
  "#graphql\n  query OrderProductsPage($id: ID!, $after: String!) {\n    order(id: $id) {\n      lineItems(first: 100, after: $after) {\n        nodes {\n          quantity\n          product {\n            id\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": {return: OrderProductsPageQuery, variables: OrderProductsPageQueryVariables},
  "#graphql\n  query ProductTitles($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on Product {\n        id\n        title\n      }\n    }\n  }\n": {return: ProductTitlesQuery, variables: ProductTitlesQueryVariables},
  "#graphql\n  query ProductTypes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on Product {\n        id\n        productType\n      }\n    }\n  }\n": {return: ProductTypesQuery, variables: ProductTypesQueryVariables},
  "#graphql\n  query RecordCounts($ordersBeforeLines: String!, $ordersBeforeLinesLimit: Int!) {\n    customersCount(limit: null) {\n      count\n    }\n    ordersCount(limit: null) {\n      count\n    }\n    ordersBeforeLines: ordersCount(query: $ordersBeforeLines, limit: $ordersBeforeLinesLimit) {\n      count\n    }\n  }\n": {return: RecordCountsQuery, variables: RecordCountsQueryVariables},
  "#graphql\n  query SegmentsByName($query: String!) {\n    segments(first: 25, query: $query) {\n      nodes {\n        id\n        name\n        query\n      }\n    }\n  }\n": {return: SegmentsByNameQuery, variables: SegmentsByNameQueryVariables},
  "#graphql\n  query ShopFacts {\n    shop {\n      currencyCode\n      ianaTimezone\n    }\n  }\n": {return: ShopFactsQuery, variables: ShopFactsQueryVariables},
  "#graphql\n  query ShopifyqlRun($query: String!) {\n    shopifyqlQuery(query: $query) {\n      parseErrors\n      tableData {\n        columns {\n          name\n          dataType\n        }\n        rows\n      }\n    }\n  }\n": {return: ShopifyqlRunQuery, variables: ShopifyqlRunQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation BulkOperationRunMutation($mutation: String!, $stagedUploadPath: String!, $clientIdentifier: String) {\n    bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $stagedUploadPath, clientIdentifier: $clientIdentifier) {\n      bulkOperation {\n        id\n        status\n      }\n      userErrors {\n        code\n        field\n        message\n      }\n    }\n  }\n": {return: BulkOperationRunMutationMutation, variables: BulkOperationRunMutationMutationVariables},
  "#graphql\n  mutation BulkOperationRunQuery($query: String!, $groupObjects: Boolean!) {\n    bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) {\n      bulkOperation {\n        id\n        status\n      }\n      userErrors {\n        code\n        field\n        message\n      }\n    }\n  }\n": {return: BulkOperationRunQueryMutation, variables: BulkOperationRunQueryMutationVariables},
  "#graphql\n  mutation CustomerTagsAdd($id: ID!, $tags: [String!]!) {\n    tagsAdd(id: $id, tags: $tags) {\n      node {\n        ... on Customer {\n          updatedAt\n        }\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: CustomerTagsAddMutation, variables: CustomerTagsAddMutationVariables},
  "#graphql\n  mutation CustomerTagsRemove($id: ID!, $tags: [String!]!) {\n    tagsRemove(id: $id, tags: $tags) {\n      node {\n        ... on Customer {\n          updatedAt\n        }\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: CustomerTagsRemoveMutation, variables: CustomerTagsRemoveMutationVariables},
  "#graphql\n  mutation CustomerTagsReplace($id: ID!, $add: [String!]!, $remove: [String!]!) {\n    tagsAdd(id: $id, tags: $add) {\n      node {\n        ... on Customer {\n          updatedAt\n        }\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n    tagsRemove(id: $id, tags: $remove) {\n      node {\n        ... on Customer {\n          updatedAt\n        }\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: CustomerTagsReplaceMutation, variables: CustomerTagsReplaceMutationVariables},
  "#graphql\n  mutation DiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {\n    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {\n      codeDiscountNode {\n        id\n      }\n      userErrors {\n        code\n        field\n        message\n      }\n    }\n  }\n": {return: DiscountCodeBasicCreateMutation, variables: DiscountCodeBasicCreateMutationVariables},
  "#graphql\n  mutation FlowTriggerReceive($handle: String!, $payload: JSON!) {\n    flowTriggerReceive(handle: $handle, payload: $payload) {\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: FlowTriggerReceiveMutation, variables: FlowTriggerReceiveMutationVariables},
  "#graphql\n  mutation FlowTriggerWithWitness($handle: String!, $payload: JSON!, $witness: [MetafieldsSetInput!]!) {\n    flowTriggerReceive(handle: $handle, payload: $payload) {\n      userErrors {\n        field\n        message\n      }\n    }\n    metafieldsSet(metafields: $witness) {\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: FlowTriggerWithWitnessMutation, variables: FlowTriggerWithWitnessMutationVariables},
  "#graphql\n  mutation MarketingActivityUpsertExternal($input: MarketingActivityUpsertExternalInput!) {\n    marketingActivityUpsertExternal(input: $input) {\n      marketingActivity {\n        id\n      }\n      userErrors {\n        code\n        field\n        message\n      }\n    }\n  }\n": {return: MarketingActivityUpsertExternalMutation, variables: MarketingActivityUpsertExternalMutationVariables},
  "#graphql\n  mutation MetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {\n    metafieldDefinitionCreate(definition: $definition) {\n      createdDefinition {\n        id\n        namespace\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: MetafieldDefinitionCreateMutation, variables: MetafieldDefinitionCreateMutationVariables},
  "#graphql\n  mutation MetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {\n    metafieldsDelete(metafields: $metafields) {\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: MetafieldsDeleteMutation, variables: MetafieldsDeleteMutationVariables},
  "#graphql\n  mutation MetafieldsSet($metafields: [MetafieldsSetInput!]!) {\n    metafieldsSet(metafields: $metafields) {\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: MetafieldsSetMutation, variables: MetafieldsSetMutationVariables},
  "#graphql\n  mutation SegmentCreate($name: String!, $query: String!) {\n    segmentCreate(name: $name, query: $query) {\n      segment {\n        id\n        name\n        query\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: SegmentCreateMutation, variables: SegmentCreateMutationVariables},
  "#graphql\n  mutation SegmentUpdate($id: ID!, $query: String!) {\n    segmentUpdate(id: $id, query: $query) {\n      segment {\n        id\n        query\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: SegmentUpdateMutation, variables: SegmentUpdateMutationVariables},
  "#graphql\n  mutation StagedUploadsCreate($input: [StagedUploadInput!]!) {\n    stagedUploadsCreate(input: $input) {\n      stagedTargets {\n        url\n        resourceUrl\n        parameters {\n          name\n          value\n        }\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: StagedUploadsCreateMutation, variables: StagedUploadsCreateMutationVariables},
  "#graphql\n  mutation TagsAdd($id: ID!, $tags: [String!]!) {\n    tagsAdd(id: $id, tags: $tags) {\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: TagsAddMutation, variables: TagsAddMutationVariables},
  "#graphql\n  mutation TagsRemove($id: ID!, $tags: [String!]!) {\n    tagsRemove(id: $id, tags: $tags) {\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: TagsRemoveMutation, variables: TagsRemoveMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
