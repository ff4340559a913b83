import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createLogger, demo, withTenant } from '@flowgraph/shared';
import { databaseImplementations, type DisposableDatabase } from '../../../test/support/databases.js';
import type { Specification } from '@flowgraph/yawl';
import { simpleNet, specXml, taskXml, variableXml, atomicXml } from '@flowgraph/yawl/testing/fixtures';
import { workflowsSubgraph } from '../index.js';
import { CaseService } from './case-service.js';
import { inlineEngine } from './engine-runner.js';
import { CaseStore } from '../data/case-store.js';
import { Conflict } from './errors.js';
import { TimerSweeper } from './timer-sweeper.js';
import { storeTestSpecification } from '../data/test-specifications.js';

/** start → A → B → end; A's timer reads the case input `a`, B's reads `b` (both YTimerType records). */
const TIMED_XML = specXml(
  simpleNet(
    'Timed',
    'A',
    taskXml('A', ['B'], { decomposesTo: 'Work', body: '<timer><netparam>a</netparam></timer>' }) +
      taskXml('B', ['Timed_o'], { decomposesTo: 'Work', body: '<timer><netparam>b</netparam></timer>' }),
    { variables: variableXml('inputParam', 'a', 'YTimerType', 0) + variableXml('inputParam', 'b', 'YTimerType', 1) },
  ) + atomicXml('Work'),
);

const record = (expiry: string) => ({ trigger: 'OnEnabled', expiry });
/** Firing A enables B, whose record is no timer: the engine refuses with TIMER_INVALID, every time. */
const BROKEN_B = record('whenever');
const FINE_B = record('P1D');

describe.each(databaseImplementations)('TimerSweeper on %s', (_name, open) => {
  const otherTenant = randomUUID();
  const user = demo.users.user.id;
  let scratch: DisposableDatabase;
  let service: CaseService;
  const specs = new Map<string, { id: string; model: Specification }>();
  const specificationOf = async (row: { tenantId: string }) => specs.get(row.tenantId)!;

  beforeAll(async () => {
    scratch = await open();
    await scratch.database.migrate('workflows', workflowsSubgraph().migrationsFolder);
    for (const tenantId of [demo.tenant.id, otherTenant]) {
      specs.set(tenantId, await storeTestSpecification(scratch.database.db, { tenantId, createdBy: user, xml: TIMED_XML, name: 'timed' }));
    }
    service = new CaseService(scratch.database.db, () => undefined, inlineEngine());
  });
  afterAll(() => scratch.dispose());

  async function launch(tenantId: string, aExpiry: string, b: Record<string, string>): Promise<{ caseId: string; itemA: string }> {
    const row = await service.launch({ tenantId, userId: user }, specs.get(tenantId)!, { a: record(aExpiry), b });
    return { caseId: row.id, itemA: Object.keys(row.state.workItems)[0]! };
  }

  async function statusOf(tenantId: string, caseId: string, itemId: string): Promise<string | undefined> {
    const row = await withTenant(scratch.database.db, tenantId, (tx) => new CaseStore(tx).byId(tenantId, caseId));
    return row?.state.workItems[itemId]?.status;
  }

  async function cancel(cases: (readonly [string, string])[]): Promise<void> {
    for (const [tenantId, caseId] of cases) {
      await service.run({ tenantId, userId: user }, { caseId }, { type: 'cancelCase' }, specificationOf);
    }
  }

  function sweeper(batchSize: number) {
    const logger = createLogger('timer-sweeper-test', 'silent');
    const warn = vi.spyOn(logger, 'warn');
    const timers = new TimerSweeper({ db: scratch.database.db, cases: service, specificationOf, logger, batchSize, retryDelayMs: 60_000 });
    const deferred = () => warn.mock.calls.map(([fields]) => fields as { workItemId: string; refusals: number; retryAt: string; err: unknown });
    return { timers, deferred };
  }

  it('defers timers the engine refuses, so one tenant\'s broken timers cannot hold back the others', async () => {
    const broken = await Promise.all([1, 2, 3].map(() => launch(otherTenant, '2020-01-01T00:00:00Z', BROKEN_B)));
    const fine = await launch(demo.tenant.id, '2020-01-02T00:00:00Z', FINE_B);
    // Cancelled cases have no live timers, so the next test sweeps none of these, however this one ends.
    onTestFinished(() => cancel([...broken.map((b) => [otherTenant, b.caseId] as const), [demo.tenant.id, fine.caseId]]));
    const { timers, deferred } = sweeper(2);
    const now = new Date();

    expect(await timers.sweep(now)).toBe(0);
    expect(deferred()).toHaveLength(2);
    expect(deferred()[0]).toMatchObject({ refusals: 1, retryAt: new Date(now.getTime() + 60_000).toISOString(), err: expect.any(Conflict) });
    expect(deferred()[0]!.err).toMatchObject({ engineCode: 'TIMER_INVALID' });
    // The broken ones were the oldest two; the fine one is next in line and fires.
    expect(await timers.sweep(now)).toBe(1);
    expect(await statusOf(demo.tenant.id, fine.caseId, fine.itemA)).toBe('skipped');
    expect(deferred().map((d) => d.workItemId).sort()).toEqual(broken.map((b) => b.itemA).sort());
    expect(await timers.sweep(now)).toBe(0);
    expect(deferred()).toHaveLength(3);

    // After the backoff each is tried again, and refused again for twice as long; the case never moved.
    const later = new Date(now.getTime() + 61_000);
    await timers.sweep(later);
    await timers.sweep(later);
    expect(deferred().slice(3)).toEqual(
      broken.map(() => expect.objectContaining({ refusals: 2, retryAt: new Date(later.getTime() + 120_000).toISOString() })),
    );
    for (const { caseId, itemA } of broken) expect(await statusOf(otherTenant, caseId, itemA)).toBe('enabled');
  });

  it('tries a timer again on the next sweep, without backoff, when firing failed outside it (the database, the cache)', async () => {
    // The oldest timer of all, so the one-item batch takes it first.
    const fine = await launch(demo.tenant.id, '2018-01-01T00:00:00Z', FINE_B);
    onTestFinished(() => cancel([[demo.tenant.id, fine.caseId]]));
    let reachable = false;
    // The service as it behaves while its database cannot be reached.
    const flaky = Object.create(service, {
      run: { value: (...args: Parameters<CaseService['run']>) => (reachable ? service.run(...args) : Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:55432'))) },
    }) as CaseService;
    const logger = createLogger('timer-sweeper-test', 'silent');
    const warn = vi.spyOn(logger, 'warn');
    const timers = new TimerSweeper({ db: scratch.database.db, cases: flaky, specificationOf, logger, batchSize: 1, retryDelayMs: 60_000 });
    const now = new Date();
    expect(await timers.sweep(now)).toBe(0);
    expect(warn.mock.calls.map(([fields]) => fields as { refusals?: number }).some((fields) => fields.refusals !== undefined)).toBe(false);
    reachable = true;
    // The same moment: a deferral would have pushed it past `now`.
    expect(await timers.sweep(now)).toBe(1);
    expect(await statusOf(demo.tenant.id, fine.caseId, fine.itemA)).toBe('skipped');
  });

  it('leaves the timers of a suspended case alone until it resumes, then fires them', async () => {
    // Older than the other test's timers, so whatever that one leaves behind queues after these.
    const suspended = await launch(otherTenant, '2019-01-01T00:00:00Z', FINE_B);
    await service.run({ tenantId: otherTenant, userId: user }, { caseId: suspended.caseId }, { type: 'suspendCase' }, specificationOf);
    const running = await launch(demo.tenant.id, '2019-01-03T00:00:00Z', FINE_B);
    const { timers, deferred } = sweeper(1);

    expect(await timers.sweep()).toBe(1);
    expect(await statusOf(demo.tenant.id, running.caseId, running.itemA)).toBe('skipped');
    expect(await statusOf(otherTenant, suspended.caseId, suspended.itemA)).toBe('enabled');
    expect(await timers.sweep()).toBe(0);

    await service.run({ tenantId: otherTenant, userId: user }, { caseId: suspended.caseId }, { type: 'resumeCase' }, specificationOf);
    expect(await timers.sweep()).toBe(1);
    expect(await statusOf(otherTenant, suspended.caseId, suspended.itemA)).toBe('skipped');
    expect(deferred()).toEqual([]);
  });

  it('refuses a command by another task\'s bad timer record as a Conflict with engineCode TIMER_INVALID', async () => {
    const { caseId, itemA } = await launch(demo.tenant.id, 'P1D', BROKEN_B);
    const actor = { tenantId: demo.tenant.id, userId: user };
    await service.run(actor, { workItemId: itemA }, { type: 'startItem', workItemId: itemA, participant: user }, specificationOf);
    const completing = service.run(actor, { workItemId: itemA }, { type: 'completeItem', workItemId: itemA, output: '<Work/>' }, specificationOf);
    await expect(completing).rejects.toBeInstanceOf(Conflict);
    await expect(completing).rejects.toMatchObject({ engineCode: 'TIMER_INVALID' });
    expect(await statusOf(demo.tenant.id, caseId, itemA)).toBe('started');
  });
});
