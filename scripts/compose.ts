/**
 * `npm run compose` writes schema/supergraph.graphql; `--check` fails when it is stale
 * or composition reports errors, without writing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { composeFromConfig } from './lib/composition.js';

const OUTPUT = 'schema/supergraph.graphql';
const check = process.argv.includes('--check');

const result = composeFromConfig('supergraph.yaml');
if (!result.supergraphSdl) {
  console.error(`Composition failed with ${result.errors.length} error(s):\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
  process.exit(1);
}
const content = `${result.supergraphSdl.trimEnd()}\n`;
if (check) {
  const current = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '';
  if (current !== content) {
    console.error(`${OUTPUT} is stale: run \`npm run compose\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${OUTPUT} is up to date.`);
} else {
  writeFileSync(OUTPUT, content);
  console.log(`Wrote ${OUTPUT} (${result.hints.length} composition hint(s)).`);
}
