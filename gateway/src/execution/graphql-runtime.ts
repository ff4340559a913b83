import { createRequire } from 'node:module';
import type * as Graphql from 'graphql';

/**
 * graphql-js as @apollo/federation-internals and @apollo/server load it. graphql 16 ships CommonJS
 * and ESM builds with no `exports` map: Node resolves every import of it to the CommonJS build, but
 * a bundler-style resolver (vitest's, for this package's own source) picks the ESM one, and graphql
 * refuses schemas, and Apollo Server does not recognise errors, made by the other build. Whatever the
 * executor hands to or takes from those packages therefore comes from the build they use.
 */
const runtime = createRequire(import.meta.url)('graphql') as typeof Graphql;

export const { GraphQLError, executeSync, getVariableValues } = runtime;
