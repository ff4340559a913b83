/**
 * `npm run db:generate` runs drizzle-kit for every subgraph with a drizzle config.
 * `--check` then fails if that produced anything new: a schema change without its migration.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const check = process.argv.includes('--check');
const subgraphs = readdirSync('subgraphs').filter((name) => existsSync(`subgraphs/${name}/drizzle.config.ts`));

for (const name of subgraphs) {
  execFileSync('npx', ['drizzle-kit', 'generate', '--config', `subgraphs/${name}/drizzle.config.ts`], { stdio: check ? 'pipe' : 'inherit' });
}

if (check) {
  const changes = execFileSync('git', ['status', '--porcelain', '--', ...subgraphs.map((name) => `subgraphs/${name}/data/migrations`)], { encoding: 'utf8' });
  if (changes.trim()) {
    console.error(`Migrations are stale; run \`npm run db:generate\` and commit:\n${changes}`);
    process.exit(1);
  }
  console.log(`Migrations of ${subgraphs.join(', ')} are up to date.`);
}
