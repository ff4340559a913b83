import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/ai/data/schema.ts',
  out: './subgraphs/ai/data/migrations',
  schemaFilter: ['ai'],
});
