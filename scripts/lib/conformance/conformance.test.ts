import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SPECIFICATIONS_DIR, readSpecification } from '@flowgraph/yawl/testing/fixtures';
import { checkSpecificationFile } from './checks.js';
import { CorpusError, corpusFiles } from './corpus.js';

const run = promisify(execFile);
const statuses = (results: Awaited<ReturnType<typeof checkSpecificationFile>>) => Object.fromEntries(results.map((r) => [r.check, r.status]));

/** The conformance checks on the repo's own specifications; CI runs them on the real YAWL files with npm run conformance. */
describe('conformance checks', () => {
  it('imports, validates, exports and runs the test concert to completion, choosing outputs of the declared types', async () => {
    const results = await checkSpecificationFile(readSpecification('concert'), { run: true });
    expect(statuses(results)).toMatchObject({ import: 'passed', schema: 'passed', export: 'passed', run: 'passed' });
    // SellTickets' TicketsSold is chosen as a long (1): too few for the show, so the XOR split's default flow.
    expect(results.find((r) => r.check === 'run')?.detail).toBe('SummerConcert completed: HireVenue, SellTickets, RefundTickets');
  });

  it('fails the import of a file the verifier refuses, and checks nothing after it', async () => {
    const broken = readSpecification('concert').replace('<nextElementRef id="SellTickets" />', '<nextElementRef id="Nowhere" />');
    const results = await checkSpecificationFile(broken, { run: true });
    expect(statuses(results)).toMatchObject({ import: 'failed', export: 'skipped', run: 'skipped' });
    expect(results[0]!.detail).toMatch(/refused by the (parser|verifier): .*Nowhere/);
  });

  it('fails the schema check of a file the bundled schema refuses, and applies the official schema to 4.0 files only', async () => {
    // <name> comes before the flows in a task: out of order, the bundled schema refuses it with its line.
    const outOfOrder = readSpecification('concert').replace(/(<task id="SellTickets">)\s*(<name>[^<]*<\/name>)([\s\S]*?)(<join )/, '$1$3$2$4');
    const refused = await checkSpecificationFile(outOfOrder, { run: false });
    expect(refused.find((r) => r.check === 'schema')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/against the bundled schema: 1 issue\(s\), first: line \d+: /) });

    // A stand-in for YAWL's own schema that accepts no specificationSet at all: it decides 4.0 files only.
    const strict = { xsd: '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.yawlfoundation.org/yawlschema"><xs:element name="nothing"/></xs:schema>', location: 'file:///strict.xsd' };
    const concert = await checkSpecificationFile(readSpecification('concert'), { run: false, official: strict });
    expect(concert.find((r) => r.check === 'schema')).toMatchObject({ status: 'failed', detail: expect.stringContaining('against YAWL_Schema4.0.xsd') });
    const older = readSpecification('concert').replace(/(<specificationSet[^>]*version=")4\.0"/, '$12.2"');
    expect((await checkSpecificationFile(older, { run: false, official: strict })).find((r) => r.check === 'schema')).toMatchObject({ status: 'passed' });
  });

  it('fails the run of a case that cannot complete, saying where it stopped', async () => {
    // The shipment's first task needs a booking of a complex schema type, which the run has no value to choose for.
    const results = await checkSpecificationFile(readSpecification('shipment'), { run: true });
    expect(results.find((r) => r.check === 'run')).toMatchObject({ status: 'failed', detail: expect.stringContaining('mandatory Booking of type BookingType') });
  });

  it('refuses a missing directory and one without .yawl files', () => {
    expect(() => corpusFiles(join(tmpdir(), 'no-such-conformance-corpus'))).toThrow(CorpusError);
    expect(() => corpusFiles(mkdtempSync(join(tmpdir(), 'conformance-empty-')))).toThrow(/holds no \.yawl files/);
    expect(corpusFiles(SPECIFICATIONS_DIR).map((file) => file.slice(SPECIFICATIONS_DIR.length))).toEqual(['concert.yawl', 'shipment.yawl', 'triage.yawl']);
  });

  it('npm run conformance prints a line per file and check and a summary, and exits non-zero on a failure or a missing corpus', { timeout: 60_000 }, async () => {
    const cli = (...args: string[]) => run('npx', ['tsx', 'scripts/conformance.ts', ...args]).then(
      ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
      (error: unknown) => {
        // execFile rejects with the child's exit code and both streams on the error.
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
      },
    );
    const good = await cli(SPECIFICATIONS_DIR, '--run', 'concert,triage');
    expect(good.code).toBe(0);
    const lines = good.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^schema: the bundled schema only/);
    expect(lines).toHaveLength(1 + 3 * 4 + 1);
    expect(lines.filter((line) => /\sschema\s+PASSED/.test(line))).toHaveLength(3);
    expect(lines.filter((line) => /^concert\.yawl\s+run\s+PASSED/.test(line))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^\d+ passed, 0 failed$/);

    const corpus = mkdtempSync(join(tmpdir(), 'conformance-bad-'));
    writeFileSync(join(corpus, 'broken.yawl'), '<specificationSet');
    const bad = await cli(corpus);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/broken\.yawl\s+import\s+FAILED\s+refused by the parser/);
    expect(bad.stdout).toMatch(/broken\.yawl\s+schema\s+FAILED\s+against the bundled schema/);
    // import, schema, and the default --run OrganiseConcert, which this corpus lacks.
    expect(bad.stdout.trim().split('\n').at(-1)).toBe('0 passed, 3 failed');

    const missing = await cli(join(tmpdir(), 'no-such-conformance-corpus'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/conformance: FAILED: .* does not exist/);
  });
});
