import { DateTimeScalar } from '@flowgraph/shared';
import type { Resolvers } from '../generated/resolvers-types.js';
import { accountMutations } from './accounts.js';
import { apiKeyMutations, apiKeyQueries, apiKeyResolvers } from './api-keys.js';
import { loginMutations } from './login.js';
import { mfaMutations } from './mfa.js';
import { persistedQueryClientResolvers, persistedQueryMutations, persistedQueryQueries } from './persisted-queries.js';
import { queryResolvers } from './queries.js';
import { sessionMutations } from './session.js';

export const resolvers: Resolvers = {
  ...queryResolvers,
  Query: { ...queryResolvers.Query, ...apiKeyQueries, ...persistedQueryQueries },
  ApiKey: apiKeyResolvers,
  PersistedQueryClient: persistedQueryClientResolvers,
  DateTime: DateTimeScalar,
  Mutation: {
    ...loginMutations,
    ...sessionMutations,
    ...accountMutations,
    ...mfaMutations,
    ...apiKeyMutations,
    ...persistedQueryMutations,
  },
};
