import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger, demo, withTenant } from '@flowgraph/shared';
import type { Specification } from '@flowgraph/yawl';
import { atomicXml, flowXml, simpleNet, specXml, taskXml, variableXml } from '@flowgraph/yawl/testing/fixtures';
import { scratchPostgres, type DisposableDatabase } from '../../../test/support/databases.js';
import { CaseStore } from '../data/case-store.js';
import { storeTestSpecification } from '../data/test-specifications.js';
import { workflowsSubgraph } from '../index.js';
import { CaseService } from './case-service.js';
import { EvaluationBudgetExceeded } from './errors.js';
import { EvaluationPool } from './evaluation-pool.js';
import { TimerSweeper } from './timer-sweeper.js';

const PREDICATE = 'every $i in 1 to /Timed/n satisfies $i > 0';

/**
 * start → A (timer from the case input `a`) → B when PREDICATE holds, else C → end. The timer skips A,
 * which evaluates A's split: the case input `n` decides how long that takes.
 */
const TIMED_XML = specXml(
  simpleNet(
    'Timed',
    'A',
    taskXml('A', [flowXml('B', `<predicate ordering="0">${PREDICATE.replace(/>/g, '&gt;')}</predicate>`), flowXml('C', '<isDefaultFlow/>')], {
      split: 'xor',
      decomposesTo: 'Work',
      body: '<timer><netparam>a</netparam></timer>',
    }) +
      taskXml('B', ['Timed_o'], { decomposesTo: 'Work' }) +
      taskXml('C', ['Timed_o'], { decomposesTo: 'Work' }),
    { variables: variableXml('inputParam', 'a', 'YTimerType', 0) + variableXml('inputParam', 'n', 'long', 1) },
  ) + atomicXml('Work'),
);

/** CPU per command: ordinary ones here take a few ms, even on a loaded machine. */
const BUDGET_MS = 150;
const RETRY_DELAY_MS = 60_000;

describe('TimerSweeper with the evaluation pool: an over-budget timer is deferred, and other tenants\' timers fire', () => {
  const attacker = randomUUID();
  const bystander = demo.tenant.id;
  const user = demo.users.user.id;
  let scratch: DisposableDatabase & { url: string };
  let pool: EvaluationPool;
  let service: CaseService;
  const specs = new Map<string, { id: string; model: Specification }>();
  const specificationOf = async (row: { tenantId: string }) => specs.get(row.tenantId)!;

  beforeAll(async () => {
    scratch = await scratchPostgres();
    await scratch.database.migrate('workflows', workflowsSubgraph().migrationsFolder);
    for (const tenantId of [attacker, bystander]) {
      specs.set(tenantId, await storeTestSpecification(scratch.database.db, { tenantId, createdBy: user, xml: TIMED_XML, name: 'timed' }));
    }
    pool = new EvaluationPool({ budgetMs: BUDGET_MS, memoryMb: 128, size: 2 });
    await pool.started();
    service = new CaseService(scratch.database.db, () => undefined, pool);
  });
  afterAll(async () => {
    await pool?.close();
    await scratch?.dispose();
  });

  async function launch(tenantId: string, expiry: string, n: number): Promise<{ caseId: string; itemA: string }> {
    const row = await service.launch({ tenantId, userId: user }, specs.get(tenantId)!, { a: { trigger: 'OnEnabled', expiry }, n });
    return { caseId: row.id, itemA: Object.keys(row.state.workItems)[0]! };
  }

  async function projection(itemId: string): Promise<{ timerExpiresAt: string | null; status: string }> {
    const { rows } = (await scratch.database.db.execute(sql`select timer_expires_at, status from workflows.work_items where id = ${itemId}`)) as {
      rows: { timer_expires_at: Date | string | null; status: string }[];
    };
    const timer = rows[0]!.timer_expires_at;
    return { timerExpiresAt: timer === null ? null : new Date(timer).toISOString(), status: rows[0]!.status };
  }

  const caseRow = (tenantId: string, caseId: string) => withTenant(scratch.database.db, tenantId, (tx) => new CaseStore(tx).byId(tenantId, caseId));

  it('defers the timer whose split runs over the budget, naming the task and expression, and fires the other tenant\'s', async () => {
    // The attacker's timer is the older one: with one timer per sweep it comes first.
    const attack = await launch(attacker, '2020-01-01T00:00:00Z', 1e15);
    const mine = await launch(bystander, '2020-01-02T00:00:00Z', 2);
    const attackBefore = await caseRow(attacker, attack.caseId);
    const logger = createLogger('timer-sweeper-budget-test', 'silent');
    const warn = vi.spyOn(logger, 'warn');
    const timers = new TimerSweeper({ db: scratch.database.db, cases: service, specificationOf, logger, batchSize: 1, retryDelayMs: RETRY_DELAY_MS });
    const now = new Date();

    expect(await timers.sweep(now)).toBe(0);
    const deferred = warn.mock.calls.map(([fields]) => fields as { workItemId: string; tenantId: string; refusals: number; retryAt: string; err: unknown });
    expect(deferred).toEqual([expect.objectContaining({ workItemId: attack.itemA, tenantId: attacker, refusals: 1, retryAt: new Date(now.getTime() + RETRY_DELAY_MS).toISOString() })]);
    expect(deferred[0]!.err).toBeInstanceOf(EvaluationBudgetExceeded);
    expect(deferred[0]!.err).toMatchObject({ engineCode: 'EVALUATION_BUDGET_EXCEEDED', details: { elementId: 'A', expression: PREDICATE } });
    // The sweeper's schedule moved; the case itself is as it was, its real expiry included.
    expect(await projection(attack.itemA)).toEqual({ timerExpiresAt: new Date(now.getTime() + RETRY_DELAY_MS).toISOString(), status: 'enabled' });
    expect(await caseRow(attacker, attack.caseId)).toEqual(attackBefore);

    // Next in line: the other tenant's timer, which fires (A skipped, its split took B).
    expect(await timers.sweep(now)).toBe(1);
    const fired = await caseRow(bystander, mine.caseId);
    expect(fired?.state.workItems[mine.itemA]?.status).toBe('skipped');
    expect(Object.values(fired!.state.workItems).map((item) => item.taskId)).toContain('B');
    // Nothing else is due until the deferral ends, so the over-budget split is not run again meanwhile.
    expect(await timers.sweep(now)).toBe(0);
    expect(warn).toHaveBeenCalledTimes(1);

    // Past the deferral it is tried again, refused again, and deferred twice as long.
    const later = new Date(now.getTime() + RETRY_DELAY_MS + 1_000);
    expect(await timers.sweep(later)).toBe(0);
    expect(warn.mock.calls[1]![0]).toMatchObject({ workItemId: attack.itemA, refusals: 2, retryAt: new Date(later.getTime() + 2 * RETRY_DELAY_MS).toISOString() });
    expect(await projection(attack.itemA)).toEqual({ timerExpiresAt: new Date(later.getTime() + 2 * RETRY_DELAY_MS).toISOString(), status: 'enabled' });
    expect(await caseRow(attacker, attack.caseId)).toEqual(attackBefore);
  }, 120_000);
});
