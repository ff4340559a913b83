import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/workflows/data/schema.ts',
  out: './subgraphs/workflows/data/migrations',
  schemaFilter: ['workflows'],
});
