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
const statuses = (results: ReturnType<typeof checkSpecificationFile>) => Object.fromEntries(results.map((r) => [r.check, r.status]));

/** The conformance checks on the repo's own specifications; CI runs them on the real YAWL files with npm run conformance. */
describe('conformance checks', () => {
  it('imports, exports and runs the test concert to completion, choosing outputs of the declared types', () => {
    const results = checkSpecificationFile(readSpecification('concert'), { run: true });
    expect(statuses(results)).toMatchObject({ import: 'passed', export: 'passed', run: 'passed' });
    // SellTickets' TicketsSold is chosen as a long (1): too few for the show, so the XOR split's default flow.
    expect(results.find((r) => r.check === 'run')?.detail).toBe('SummerConcert completed: HireVenue, SellTickets, RefundTickets');
  });

  it('fails the import of a file the verifier refuses, and checks nothing after it', () => {
    const broken = readSpecification('concert').replace('<nextElementRef id="SellTickets" />', '<nextElementRef id="Nowhere" />');
    const results = checkSpecificationFile(broken, { run: true });
    expect(statuses(results)).toMatchObject({ import: 'failed', export: 'skipped', run: 'skipped' });
    expect(results[0]!.detail).toMatch(/refused by the (parser|verifier): .*Nowhere/);
  });

  it('fails the run of a case that cannot complete, saying where it stopped', () => {
    // The shipment's first task needs a booking of a complex schema type, which the run has no value to choose for.
    const results = checkSpecificationFile(readSpecification('shipment'), { run: true });
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
    expect(lines).toHaveLength(3 * 4 + 1);
    expect(lines.filter((line) => /^concert\.yawl\s+run\s+PASSED/.test(line))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^\d+ passed, 0 failed$/);

    const corpus = mkdtempSync(join(tmpdir(), 'conformance-bad-'));
    writeFileSync(join(corpus, 'broken.yawl'), '<specificationSet');
    const bad = await cli(corpus);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/broken\.yawl\s+import\s+FAILED\s+refused by the parser/);
    expect(bad.stdout.trim().split('\n').at(-1)).toBe('0 passed, 2 failed');

    const missing = await cli(join(tmpdir(), 'no-such-conformance-corpus'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/conformance: FAILED: .* does not exist/);
  });
});
