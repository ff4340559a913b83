import { gql } from '@apollo/client/core';

/**
 * Every operation this partner client sends. `npm run generate-manifest` extracts them into
 * persisted-query-manifest.json, which Flowgraph's admin publishes for the client; at run time
 * the client sends only their hashes.
 */
export const TENANT_SPECIFICATIONS = gql`
  query PartnerSpecifications($first: Int!) {
    specifications(first: $first) {
      id
      name
    }
  }
`;

export const WHO_AM_I = gql`
  query PartnerTenant {
    tenant {
      id
      name
    }
  }
`;
