/**
 * `npm run db:generate` runs drizzle-kit for every subgraph with a drizzle config.
 * `--check` then fails if that produced anything new: a schema change without its migration.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SUBGRAPHS } from '@flowgraph/shared/platform/subgraphs';

const check = process.argv.includes('--check');
const subgraphs = SUBGRAPHS.filter(({ folder }) => existsSync(`${folder}/drizzle.config.ts`));

for (const { folder } of subgraphs) {
  execFileSync('npx', ['drizzle-kit', 'generate', '--config', `${folder}/drizzle.config.ts`], { stdio: check ? 'pipe' : 'inherit' });
}

if (check) {
  const changes = execFileSync('git', ['status', '--porcelain', '--', ...subgraphs.map(({ folder }) => `${folder}/data/migrations`)], { encoding: 'utf8' });
  if (changes.trim()) {
    console.error(`Migrations are stale; run \`npm run db:generate\` and commit:\n${changes}`);
    process.exit(1);
  }
  console.log(`Migrations of ${subgraphs.map(({ name }) => name).join(', ')} are up to date.`);
}
