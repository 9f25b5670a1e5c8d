// Look an offer code up (case-insensitive): after a crash, whether the step's code was already created.
export const CodeDiscountNodeByCode = `#graphql
  query CodeDiscountNodeByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      id
    }
  }
`;
