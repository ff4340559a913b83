import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/identity/data/schema.ts',
  out: './subgraphs/identity/data/migrations',
  schemaFilter: ['identity'],
});
