export const MetafieldDefinitionCreate = `#graphql
  mutation MetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition {
        id
        namespace
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;
