// The CommonJS build, which the schema (built by @apollo/subgraph) uses: under vitest a bare `graphql` is the ESM build, another realm.
import { parse, subscribe, type ExecutionResult } from 'graphql/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { CASE_EVENTS_TOPIC, createEnvelope, demo } from '@flowgraph/shared';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { CONCERT_XML } from '../data/demo-specifications.js';
import { workflowsSubgraph } from '../index.js';

const admin = principal(demo.users.admin.id, demo.tenant.id, 'admin');
/** Far below a backlog worth resuming: what this test proves must not depend on the buffer. */
const BUFFER_LIMIT = 4;
const ALL_CASES = parse(`subscription($after: String) { caseEvents(after: $after) { cursor sequence type caseId case { id } } }`);

interface Notification {
  cursor: string;
  sequence: number;
  type: string;
  caseId: string;
  case: { id: string };
}

/** `caseEvents` without `caseId` at the subgraph (PGlite, in-process bus), with a tiny per-subscription buffer. */
describe('caseEvents for all cases of a tenant', () => {
  let h: Harness<Context>;
  let specificationId: string;
  const open: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    h = await startHarness(workflowsSubgraph({ SUBSCRIPTION_MAX_PENDING_EVENTS: BUFFER_LIMIT }));
    const xml = CONCERT_XML.replace('urn:flowgraph:demo:organise-concert', 'urn:test:tenant-stream');
    const imported = await h.run<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: xml }, admin);
    expect(imported.errors).toBeUndefined();
    specificationId = imported.data!.importSpecification.specifications[0]!.id;
  });
  afterAll(async () => {
    await Promise.all(open.map((subscription) => subscription.close()));
    await h.close();
  });

  async function openAll(after?: string, as = admin, document = ALL_CASES) {
    const stream = await subscribe({ schema: h.built.schema, document, variableValues: after ? { after } : {}, contextValue: h.built.createContext(as) });
    if (!(Symbol.asyncIterator in stream)) throw new Error(`subscription refused: ${JSON.stringify(stream.errors)}`);
    const subscription = { stream, close: async () => { await stream.return?.(); } };
    open.push(subscription);
    return subscription;
  }
  const launch = async () => {
    const launched = await h.run<{ launchCase: { id: string } }>(`mutation($s: ID!) { launchCase(specificationId: $s) { id } }`, { s: specificationId }, admin);
    expect(launched.errors).toBeUndefined();
    return launched.data!.launchCase.id;
  };
  const historyOf = async (caseId: string) =>
    (await h.run<{ case: { history: { sequence: number }[] } }>(`query($id: ID!) { case(id: $id) { history { sequence } } }`, { id: caseId }, admin)).data!.case.history.map((e) => e.sequence);

  it('resumes from a backlog far longer than its buffer while live events pile up unread, without SLOW_CONSUMER or a repeat', async () => {
    const first = await openAll();
    const probe = await launch();
    const head = (await first.stream.next()).value as ExecutionResult<{ caseEvents: Notification }>;
    expect(head.data?.caseEvents.case.id).toBe(probe);
    await first.close();

    const backlog = [await launch(), await launch(), await launch()];
    const resumed = await openAll(head.data!.caseEvents.cursor);
    // Not read yet: live events reach it meanwhile, more than its buffer holds.
    const fed = new Set<string>();
    const stopCounting = h.built.createContext(admin).feed.listen((notice) => void fed.add(notice.caseId));
    const live = [await launch(), await launch(), await launch()];
    await expect.poll(() => live.every((caseId) => fed.has(caseId))).toBe(true);
    stopCounting();
    const cases = [probe, ...backlog, ...live];
    const expected = new Map<string, number[]>();
    for (const caseId of cases) expected.set(caseId, await historyOf(caseId));
    const count = (ids: string[]) => ids.reduce((sum, caseId) => sum + expected.get(caseId)!.length, 0);
    expect(Math.min(count(backlog), count(live))).toBeGreaterThan(BUFFER_LIMIT);
    const total = count(cases) - 1;

    const delivered: Notification[] = [];
    while (delivered.length < total) {
      const next = await resumed.stream.next();
      expect(next.done).toBe(false);
      const result = next.value as ExecutionResult<{ caseEvents: Notification }>;
      expect(result.errors).toBeUndefined();
      delivered.push(result.data!.caseEvents);
    }
    // Every event after the cursor, once, each case in order; the probe's first event was the cursor's.
    for (const caseId of cases) {
      const sequences = delivered.filter((e) => e.case.id === caseId).map((e) => e.sequence);
      expect(sequences).toEqual(caseId === probe ? expected.get(caseId)!.slice(1) : expected.get(caseId));
    }
    expect(new Set(delivered.map((e) => e.cursor)).size).toBe(delivered.length);
    expect(delivered.every((e) => e.caseId === e.case.id)).toBe(true);
    // And it is live now, not about to end: the next case's first event follows.
    const later = await launch();
    const next = (await resumed.stream.next()).value as ExecutionResult<{ caseEvents: Notification }>;
    expect(next.errors).toBeUndefined();
    expect(next.data?.caseEvents).toMatchObject({ sequence: 1, type: 'case.started', case: { id: later } });
  });

  /** An engine event on the bus as the relay publishes it: numbered `position` in its tenant's stream. */
  const positioned = (tenantId: string, caseId: string, sequence: number, position: number) =>
    createEnvelope({
      type: 'workflow.workitem.enabled',
      source: 'test',
      tenantId,
      key: caseId,
      data: { type: 'workitem.enabled', caseId, sequence, specificationId, position, at: new Date().toISOString() },
    });
  const SEQUENCES = parse(`subscription { caseEvents { sequence cursor } }`);
  const nextSequence = async (stream: AsyncIterator<unknown>) => ((await stream.next()).value as ExecutionResult<{ caseEvents: { sequence: number } }>).data?.caseEvents.sequence;

  it('holds an event that arrives ahead of a missing position until that one comes, then delivers both in order', async () => {
    // A tenant with no events yet: its stream starts at position 0.
    const tenantId = randomUUID();
    const stranger = principal(randomUUID(), tenantId, 'admin');
    const all = await openAll(undefined, stranger, SEQUENCES);
    const caseId = randomUUID();
    // Live once the first event gets through (before, the stream reads the log, where these test events are not).
    let live = false;
    const first = nextSequence(all.stream).finally(() => (live = true));
    while (!live) {
      await h.deps.events.publish(CASE_EVENTS_TOPIC, [positioned(tenantId, caseId, 1, 1)]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await first).toBe(1);
    await h.deps.events.publish(CASE_EVENTS_TOPIC, [positioned(tenantId, caseId, 3, 3)]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await h.deps.events.publish(CASE_EVENTS_TOPIC, [positioned(tenantId, caseId, 2, 2), positioned(tenantId, caseId, 4, 4)]);
    expect(await nextSequence(all.stream)).toBe(2);
    expect(await nextSequence(all.stream)).toBe(3);
    expect(await nextSequence(all.stream)).toBe(4);
  });

  it('reads a position that does not arrive from the feed from the log', async () => {
    const caseId = await launch();
    const all = await openAll(undefined, admin, SEQUENCES);
    // Two more events of the case, committed and numbered, of which only the second reaches the feed.
    const db = h.deps.database.db;
    const last = Number(((await db.execute(sql`select max(position) as p from workflows.case_events where tenant_id = ${demo.tenant.id}`)) as { rows: { p: string }[] }).rows[0]!.p);
    const sequence = Math.max(...(await historyOf(caseId)));
    for (const step of [1, 2]) {
      await db.execute(sql`insert into workflows.case_events (case_id, sequence, tenant_id, type, event, occurred_at, position)
        values (${caseId}, ${sequence + step}, ${demo.tenant.id}, 'workitem.enabled', ${JSON.stringify({ type: 'workitem.enabled', caseId, sequence: sequence + step })}::jsonb, now(), ${last + step})`);
    }
    const next = nextSequence(all.stream);
    await h.deps.events.publish(CASE_EVENTS_TOPIC, [positioned(demo.tenant.id, caseId, sequence + 2, last + 2)]);
    expect(await next).toBe(sequence + 1);
    expect(await nextSequence(all.stream)).toBe(sequence + 2);
  });
});
