/**
 * Validates YAWL specification files against a schema: the one bundled with @flowgraph/yawl, or
 * the file given with --xsd (e.g. YAWL's own YAWL_Schema4.0.xsd, which stays outside the repository).
 * Each file is first read by the bounded parser, as an import would. Exits 1 when any is refused.
 *
 *   npm run yawl:schema-check -- [--xsd path/to/schema.xsd] file.yawl…
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { bundledSpecificationSchema, loadSpecificationSchema, parseSpecificationSet, validateAgainstXsd } from '@flowgraph/yawl';

const args = process.argv.slice(2);
const xsdAt = args.indexOf('--xsd');
const schema = xsdAt >= 0 ? loadSpecificationSchema(args[xsdAt + 1] ?? '') : bundledSpecificationSchema();
const files = xsdAt < 0 ? args : args.filter((_, i) => i !== xsdAt && i !== xsdAt + 1);
if (files.length === 0) {
  console.error('usage: yawl-schema-check [--xsd schema.xsd] file.yawl…');
  process.exit(2);
}

let refused = 0;
for (const file of files) {
  const xml = readFileSync(file, 'utf8');
  const read = parseSpecificationSet(xml);
  const xmlProblems = read.ok ? [] : read.issues.filter((issue) => issue.code.startsWith('XML_'));
  const started = performance.now();
  const issues = xmlProblems.length > 0 ? xmlProblems : await validateAgainstXsd(xml, schema);
  const ms = (performance.now() - started).toFixed(1);
  if (issues.length === 0) {
    console.log(`valid    ${basename(file)} (${ms} ms)`);
    continue;
  }
  refused++;
  console.log(`REFUSED  ${basename(file)} (${ms} ms)`);
  for (const issue of issues) console.log(`  line ${issue.line ?? '?'}: ${issue.code} ${issue.message}`);
}
console.log(`${files.length - refused}/${files.length} valid against ${schema.location}`);
process.exit(refused > 0 ? 1 : 0);
