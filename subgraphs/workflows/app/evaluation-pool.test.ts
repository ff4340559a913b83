import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { verifiedSpecification } from '../data/seed.js';
import { PREDICATE, attackXml } from '../../../test/support/evaluation-attack.js';
import { decide, decideWithoutExpressions } from './engine-runner.js';
import { EvaluationBudgetExceeded } from './errors.js';
import { EvaluationPool } from './evaluation-pool.js';
import { threadCpuClock } from '@flowgraph/shared/cpu/thread-cpu';

/** Generous: ordinary commands take a few ms; the first of a model on a worker compiles it. */
const BUDGET_MS = 300;

const model = verifiedSpecification(attackXml(`urn:test:pool:${randomUUID()}`));
const spec = { id: 'attack', model };
const now = () => new Date().toISOString();

async function launchedAndStarted(pool: EvaluationPool, tenantId: string) {
  const lease = await pool.lease(tenantId);
  try {
    const launched = await lease.decide(spec, undefined, { type: 'launchCase', caseId: randomUUID(), now: now() });
    if (!launched.ok) throw new Error(launched.error.message);
    const item = Object.values(launched.state.workItems)[0]!;
    const started = await lease.decide(spec, launched.state, { type: 'startItem', workItemId: item.id, participant: 'p', now: now() });
    if (!started.ok) throw new Error(started.error.message);
    return { state: started.state, item: item.id };
  } finally {
    lease.release();
  }
}

describe('evaluation pool: the calling thread for commands that evaluate nothing, a worker for the rest', () => {
  // These tests are about the CPU budget: the heap is set well above what the attack fills before
  // its budget ends, even when a loaded machine checks the budget late (128 MB was reached first).
  const pool = new EvaluationPool({ budgetMs: BUDGET_MS, memoryMb: 512, size: 2 });
  afterAll(() => pool.close());

  it('attempts on the calling thread give up at the first expression, and otherwise decide exactly as the engine does', () => {
    const launch = { type: 'launchCase' as const, caseId: randomUUID(), now: '2026-01-01T00:00:00.000Z' };
    const launched = decideWithoutExpressions(undefined, launch, model);
    expect(launched).toEqual(decide(undefined, launch, model));
    const state = launched!.ok ? launched!.state : undefined;
    const item = Object.keys(state!.workItems)[0]!;
    const start = { type: 'startItem' as const, workItemId: item, participant: 'p', now: launch.now };
    const started = decideWithoutExpressions(state, start, model);
    expect(started).toEqual(decide(state, start, model));
    // Completing A maps its output and evaluates the XOR split's predicate: not here.
    const complete = { type: 'completeItem' as const, workItemId: item, output: '<Work><n>3</n><k>1</k></Work>', now: launch.now };
    expect(decideWithoutExpressions(started!.ok ? started!.state : undefined, complete, model)).toBeUndefined();
  });

  it('serves a tenant\'s expression-free commands while its expression holds its only worker, then refuses that one naming it', async () => {
    const tenant = randomUUID();
    const { state, item } = await launchedAndStarted(pool, tenant);
    const lease = await pool.lease(tenant);
    let settled = false;
    const attack = lease.decide(spec, state, { type: 'completeItem', workItemId: item, output: '<Work><n>1000000000000000</n><k>0</k></Work>', now: now() }).finally(() => {
      settled = true;
      lease.release();
    });
    attack.catch(() => undefined);
    // perTenant is 1 with 2 workers: a second expression of this tenant would wait; these do not.
    const other = await launchedAndStarted(pool, tenant);
    expect(other.state.status).toBe('running');
    expect(settled).toBe(false);
    const refused = await attack.then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(EvaluationBudgetExceeded);
    expect(refused).toMatchObject({ details: { budget: `${BUDGET_MS} ms`, elementId: 'A', expression: PREDICATE } });
  }, 120_000);

  it('runs the next expression after a worker was replaced: the new worker is sent the model again', async () => {
    const tenant = randomUUID();
    const { state, item } = await launchedAndStarted(pool, tenant);
    const lease = await pool.lease(tenant);
    try {
      const refused = await lease.decide(spec, state, { type: 'completeItem', workItemId: item, output: '<Work><n>1000000000000000</n><k>0</k></Work>', now: now() }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(EvaluationBudgetExceeded);
      const done = await lease.decide(spec, state, { type: 'completeItem', workItemId: item, output: '<Work><n>3</n><k>2</k></Work>', now: now() });
      expect(done.ok).toBe(true);
      expect(done.ok && done.state.status).toBe('completed');
    } finally {
      lease.release();
    }
  }, 120_000);
});

describe('thread CPU clock', () => {
  it('charges a worker thread for its own CPU, not for the calling thread spinning meanwhile', async () => {
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       const { readlinkSync } = require('node:fs');
       parentPort.postMessage(readlinkSync('/proc/thread-self'));
       parentPort.on('message', (ms) => { const end = Date.now() + ms; while (Date.now() < end); parentPort.postMessage('spun'); });`,
      { eval: true },
    );
    try {
      const entry = await new Promise<string>((resolve) => worker.once('message', resolve));
      const clock = threadCpuClock(entry);
      expect(clock.perThread).toBe(true);
      const idle = clock.now();
      const end = Date.now() + 200;
      while (Date.now() < end); // the calling thread's CPU, not the worker's
      expect(clock.now() - idle).toBeLessThan(50);
      const before = clock.now();
      worker.postMessage(200);
      await new Promise((resolve) => worker.once('message', resolve));
      // At least part of 200 ms of spinning, however loaded the machine (descheduled time is not CPU).
      expect(clock.now() - before).toBeGreaterThan(20);
      clock.close();
    } finally {
      await worker.terminate();
    }
  }, 60_000);
});
