import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['**/node_modules/**', '**/generated/**', '.data/**', '.services/**', '**/data/migrations/**'] },
  js.configs.recommended,
  // Type-aware: promises that are neither awaited nor handed on, promises where a callback's return
  // is ignored, awaits of non-promises, assertions that change nothing, `any` flowing into typed code.
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // Numbers read fine in messages; `undefined` or an object in one is what this catches.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Off: `(x) => doSomething(x)` and early returns such as `return reply(res, 401, …)` or
      // `return this.fail(field, …)` are the house style for handlers and validators.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // Off: an `async` function without `await` still turns a throw into a rejection, which callers
      // of a Promise-returning interface rely on; dropping `async` would change that.
      '@typescript-eslint/require-await': 'off',
      // Off: rows, parsed JSON and third-party payloads are checked defensively where their declared
      // types are narrower than what can arrive at run time.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Off: Cache.get<T>/set<T> name the type the caller stored, deliberately unchecked at the boundary.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
    },
  },
  {
    // The config itself is plain JavaScript outside the TypeScript project.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
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
        paths: [
          {
            name: '@flowgraph/shared',
            importNames: ['badUserInput', 'notFound', 'unauthenticated', 'forbidden', 'conflict', 'parseId', 'ErrorCode', 'DateTimeScalar', 'JSONScalar'],
            message: 'These make GraphQL errors or types; throw a typed domain error and let resolvers/ map it.',
          },
          {
            // graphql's parser and AST are plain functions over documents (a manifest of operations is
            // one); its errors, types and execution are the API's, and belong to resolvers/.
            name: 'graphql',
            importNames: ['GraphQLError', 'locatedError', 'GraphQLScalarType', 'GraphQLSchema', 'GraphQLObjectType', 'execute', 'graphql'],
            message: 'Only resolvers/ may speak GraphQL; throw a typed domain error instead.',
          },
        ],
        patterns: [
          { group: ['graphql/*', 'graphql-*', '@apollo/*', '@graphql-tools/*', '@flowgraph/shared/graphql/*', '**/resolvers/**', '**/generated/**'], message: 'Only resolvers/ may speak GraphQL; throw a typed domain error instead.' },
        ],
      }],
    },
  },
  {
    // The gateway loads only what it uses: the shared barrel would bring Kafka, Postgres, MongoDB and
    // Stripe clients into a process that speaks none of them (gateway/src/lean-imports.test.ts).
    files: ['gateway/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@flowgraph/shared', message: 'Import the module by path, e.g. @flowgraph/shared/auth/jwt.' }],
      }],
    },
  },
  {
    files: ['scripts/**', 'services/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts', 'test/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // vitest's asymmetric matchers (expect.any, objectContaining, stringContaining…) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
