/**
 * `npm run conformance -- <directory> [--run Name,Name]`: every .yawl file in the directory (e.g. the
 * real YAWL files in ../shared/yawl) through the checks of scripts/lib/conformance/checks.ts, one
 * line per file and check, then `N passed, N failed`. Files named by `--run` (without .yawl; by
 * default OrganiseConcert) also run a case from launch to completion. Exits non-zero on any failed
 * check, and when the directory is missing or has no .yawl file.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { checkSpecificationFile } from './lib/conformance/checks.js';
import { CorpusError, corpusFiles } from './lib/conformance/corpus.js';
import { OFFICIAL_SCHEMA_FILE, officialSchema } from './lib/conformance/schema-validation.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { run: { type: 'string', default: 'OrganiseConcert' } } });
if (positionals.length !== 1) {
  console.error('usage: npm run conformance -- <directory of .yawl files> [--run Name,Name]');
  process.exit(2);
}
const toRun = new Set(values.run.split(',').map((name) => name.trim()).filter(Boolean));

let files: string[];
try {
  files = corpusFiles(positionals[0]!);
} catch (error) {
  if (!(error instanceof CorpusError)) throw error;
  console.error(`conformance: FAILED: ${error.message}`);
  process.exit(1);
}

const official = officialSchema(positionals[0]!);
console.log(official ? `schema: the bundled schema, and ${official.location} for 4.0 documents` : `schema: the bundled schema only (no ${OFFICIAL_SCHEMA_FILE} in the corpus, no YAWL_SCHEMA_XSD)`);

let passedCount = 0;
let failedCount = 0;
const ran = new Set<string>();
for (const file of files) {
  const name = basename(file, '.yawl');
  if (toRun.has(name)) ran.add(name);
  for (const result of await checkSpecificationFile(readFileSync(file, 'utf8'), { run: toRun.has(name), official })) {
    if (result.status === 'passed') passedCount += 1;
    if (result.status === 'failed') failedCount += 1;
    console.log(`${basename(file).padEnd(28)} ${result.check.padEnd(7)} ${result.status.toUpperCase().padEnd(8)} ${result.detail}`);
  }
}
for (const name of toRun) {
  if (ran.has(name)) continue;
  failedCount += 1;
  console.log(`${`${name}.yawl`.padEnd(28)} ${'run'.padEnd(7)} ${'FAILED'.padEnd(8)} asked to run it (--run), but the corpus has no such file`);
}
console.log(`${passedCount} passed, ${failedCount} failed`);
process.exit(failedCount > 0 ? 1 : 0);
