import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/generated/**', '.data/**', '.services/**', '**/data/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The YAWL core stays pure: ai and marketplace load it to verify specifications, and must not
    // drag a database, GraphQL or broker client in with it.
    files: ['packages/yawl/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['pg', 'pg-*', '@electric-sql/*', 'drizzle-orm', 'drizzle-orm/*', 'graphql', 'graphql/*', 'graphql-*', '@apollo/*', 'kafkajs', 'ioredis', 'mongodb', 'stripe'], message: 'packages/yawl is pure: no database, GraphQL or broker imports.' },
          { group: ['@flowgraph/*', '**/subgraphs/**', '**/packages/shared/**'], message: 'packages/yawl depends on no other workspace package.' },
        ],
      }],
    },
  },
  {
    // Only resolvers speak GraphQL: application services, data and domain code refuse with typed
    // errors (e.g. subgraphs/workflows/app/errors.ts), which resolvers map to GraphQL error codes.
    files: ['subgraphs/*/app/**', 'subgraphs/*/data/**', 'subgraphs/*/domain/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{
          name: '@flowgraph/shared',
          importNames: ['badUserInput', 'notFound', 'unauthenticated', 'forbidden', 'conflict', 'parseId', 'ErrorCode', 'DateTimeScalar', 'JSONScalar'],
          message: 'These make GraphQL errors or types; throw a typed domain error and let resolvers/ map it.',
        }],
        patterns: [
          { group: ['graphql', 'graphql/*', 'graphql-*', '@apollo/*', '@graphql-tools/*', '@flowgraph/shared/graphql/*', '**/resolvers/**', '**/generated/**'], message: 'Only resolvers/ may speak GraphQL; throw a typed domain error instead.' },
        ],
      }],
    },
  },
  {
    files: ['scripts/**', 'services/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts', 'test/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
