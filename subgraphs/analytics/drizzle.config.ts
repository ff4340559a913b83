import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/analytics/data/schema.ts',
  out: './subgraphs/analytics/data/migrations',
  schemaFilter: ['analytics'],
});
