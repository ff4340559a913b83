import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client/core';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { generatePersistedQueryIdsFromManifest } from '@apollo/persisted-query-lists';

export interface PersistedQueryManifestIds {
  operations: { id: string; name: string }[];
}

/**
 * Apollo Client as a partner runs it against Flowgraph: authenticated by its API key, sending
 * only the ids (sha256) its published manifest lists, never an operation's text.
 */
export function createPartnerClient(options: { url: string; apiKey: string; manifest: PersistedQueryManifestIds; fetch?: typeof fetch }) {
  const persisted = createPersistedQueryLink(generatePersistedQueryIdsFromManifest({ loadManifest: () => options.manifest }));
  return new ApolloClient({
    cache: new InMemoryCache(),
    link: persisted.concat(new HttpLink({ uri: options.url, headers: { 'x-api-key': options.apiKey }, fetch: options.fetch ?? fetch })),
    defaultOptions: { query: { fetchPolicy: 'no-cache' } },
  });
}
