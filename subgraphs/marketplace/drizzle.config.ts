import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/marketplace/data/schema.ts',
  out: './subgraphs/marketplace/data/migrations',
  schemaFilter: ['marketplace'],
});
