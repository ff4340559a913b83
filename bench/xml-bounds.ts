/**
 * What reading hostile specification XML costs, against baselines measured in the same run:
 *   valid   parseSpecificationSet on the demo order-fulfilment specification (a real, accepted upload);
 *   slimdom slimdom's own parseXmlDocument on a small case-data document, the parser the evaluator
 *           used before every document went through the bounded reader.
 * For each hostile shape: CPU milliseconds until the refusal (median of runs) and the ratio to `valid`.
 * Then the schema validation of the valid document (in this thread, and through the bounded worker).
 *
 *   npx tsx bench/xml-bounds.ts [--runs 15]
 */
import { parseArgs } from 'node:util';
import { parseXmlDocument } from 'slimdom';
import { DATA_XML_LIMITS, parseBoundedXml, parseSpecificationSet, validateAgainstXsd, validateSpecificationSchema } from '@flowgraph/yawl';
import { ORDER_FULFILMENT_XML } from '../subgraphs/workflows/data/demo-specifications.js';

const out = (line = '') => process.stdout.write(`${line}\n`);
const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const RUNS = Number(args.runs);

function cpuMs(work: () => unknown): number {
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

function median(work: () => unknown, runs = RUNS): number {
  work(); // warm-up
  const samples = Array.from({ length: runs }, () => cpuMs(work)).sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const wrap = (payload: string) =>
  ORDER_FULFILMENT_XML.replace('<name>Order fulfilment</name>', `<name>Order fulfilment</name><documentation>${payload}</documentation>`);
const hostile: Record<string, string> = {
  'depth: 130,000 nested elements': wrap('<d>'.repeat(130_000) + '</d>'.repeat(130_000)),
  'attributes: 60,000 on one element': wrap(`<e${Array.from({ length: 60_000 }, (_, i) => ` a${i}="x"`).join('')}/>`),
  'elements: 150,000 siblings': wrap('<e/>'.repeat(150_000)),
  'text: 2,000,000 characters': wrap('x'.repeat(2_000_000)),
  'size: 6 MB': wrap('<e>text</e>'.repeat(550_000)),
  'DOCTYPE with nested entities': `<!DOCTYPE s [${Array.from({ length: 10 }, (_, i) => `<!ENTITY e${i} "${i === 0 ? 'ha' : `&e${i - 1};`.repeat(10)}">`).join('')}]><s>&e9;</s>`,
};

const valid = median(() => parseSpecificationSet(ORDER_FULFILMENT_XML));
out(`baseline valid: parseSpecificationSet(order fulfilment demo, ${ORDER_FULFILMENT_XML.length} chars) ${valid.toFixed(2)} ms CPU\n`);
out('hostile shape                          refused with                       CPU ms   × valid');
for (const [name, xml] of Object.entries(hostile)) {
  const result = parseSpecificationSet(xml);
  const code = result.ok ? 'ACCEPTED' : `${result.issues[0]!.code} ${result.issues[0]!.limit?.name ?? ''}`;
  const ms = median(() => parseSpecificationSet(xml));
  out(`${name.padEnd(38)} ${code.padEnd(34)} ${ms.toFixed(2).padStart(7)}   ${(ms / valid).toFixed(2)}`);
}

const data = '<Order><customer>Ada Lovelace</customer><amount>1200.5</amount><lines><line><sku>A-1</sku><qty>3</qty></line><line><sku>B-2</sku><qty>1</qty></line></lines></Order>';
const BATCH = 1_000;
const slimdom = median(() => { for (let i = 0; i < BATCH; i++) parseXmlDocument(data); }) / BATCH;
const bounded = median(() => { for (let i = 0; i < BATCH; i++) parseBoundedXml(data, DATA_XML_LIMITS); }) / BATCH;
out(`\ncase data (${data.length} chars): slimdom.parseXmlDocument ${(slimdom * 1000).toFixed(1)} µs, parseBoundedXml ${(bounded * 1000).toFixed(1)} µs, ratio ${(bounded / slimdom).toFixed(2)}`);

await validateAgainstXsd(ORDER_FULFILMENT_XML);
const inThread: number[] = [];
const inWorker: number[] = [];
for (let i = 0; i < RUNS; i++) {
  let started = performance.now();
  await validateAgainstXsd(ORDER_FULFILMENT_XML);
  inThread.push(performance.now() - started);
  started = performance.now();
  await validateSpecificationSchema(ORDER_FULFILMENT_XML);
  inWorker.push(performance.now() - started);
}
const mid = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
out(`schema validation of the demo (wall ms, median): in this thread ${mid(inThread).toFixed(2)}, in the bounded worker ${mid(inWorker).toFixed(2)}, ratio ${(mid(inWorker) / mid(inThread)).toFixed(2)}`);
