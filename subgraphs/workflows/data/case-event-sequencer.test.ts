import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, isNull, sql } from 'drizzle-orm';
import { CASE_EVENTS_TOPIC, MemoryEventBus, OutboxRelay, createLogger, demo, type EventEnvelope } from '@flowgraph/shared';
import { databaseImplementations, type DisposableDatabase } from '../../../test/support/databases.js';
import type { Specification } from '@flowgraph/yawl';
import { workflowsSubgraph } from '../index.js';
import { sequenceCaseEvents, sequenceStragglers, sequencedForPublishing } from './case-event-sequencer.js';
import { CaseService } from '../app/case-service.js';
import { inlineEngine } from '../app/engine-runner.js';
import { CONCERT_XML } from './demo-specifications.js';
import { caseEvents, outbox, tenantEventPositions } from './schema.js';
import { storeTestSpecification } from './test-specifications.js';

const logger = createLogger('sequencer-test', 'silent');
const tenants = [demo.tenant.id, randomUUID()];

describe.each(databaseImplementations)('case event sequencer on %s', (_name, open) => {
  let scratch: DisposableDatabase;
  let service: CaseService;
  const specs = new Map<string, { id: string; model: Specification }>();
  const actor = (tenantId: string) => ({ tenantId, userId: demo.users.user.id });
  const launch = (tenantId: string) => service.launch(actor(tenantId), specs.get(tenantId)!, {});
  /** Every case event as the owner sees it, in (case, sequence) order. */
  const logged = () => scratch.database.db.select().from(caseEvents).orderBy(asc(caseEvents.caseId), asc(caseEvents.sequence));

  /** Positions are 1..n per tenant, each once, and rise with each case's sequence. */
  async function expectWellSequenced(): Promise<void> {
    const rows = await logged();
    for (const tenantId of tenants) {
      const positions = rows.filter((row) => row.tenantId === tenantId).map((row) => row.position);
      expect([...positions].sort((a, b) => a! - b!)).toEqual(positions.map((_, i) => i + 1));
    }
    for (const [index, row] of rows.entries()) {
      const previous = rows[index - 1];
      if (previous?.caseId === row.caseId) expect(row.position!).toBeGreaterThan(previous.position!);
    }
  }

  beforeAll(async () => {
    scratch = await open();
    await scratch.database.migrate('workflows', workflowsSubgraph().migrationsFolder);
    for (const tenantId of tenants) {
      specs.set(tenantId, await storeTestSpecification(scratch.database.db, { tenantId, createdBy: demo.users.user.id, xml: CONCERT_XML, name: 'concert' }));
    }
    service = new CaseService(scratch.database.db, () => undefined, inlineEngine());
  });
  afterAll(() => scratch.dispose());

  it('numbers committed events per tenant, stamps their envelopes, and the relay publishes only numbered ones', async () => {
    const bus = new MemoryEventBus();
    const published: EventEnvelope[] = [];
    await bus.subscribe({ groupId: 'sink', topic: CASE_EVENTS_TOPIC, handler: async (e) => void published.push(e) });
    const [first] = [await launch(tenants[0]!), await launch(tenants[0]!), await launch(tenants[1]!)];
    const itemId = Object.keys(first.state.workItems)[0]!;
    await service.run(actor(tenants[0]!), { workItemId: itemId }, { type: 'startItem', workItemId: itemId, participant: demo.users.user.id }, async () => specs.get(tenants[0]!)!);

    // Not yet numbered: held back.
    expect(await new OutboxRelay({ db: scratch.database.db, outbox, bus, logger, ready: sequencedForPublishing }).drain()).toBe(0);
    const total = (await logged()).length;
    expect(await sequenceCaseEvents(scratch.database.db)).toBe(total);
    expect(await sequenceCaseEvents(scratch.database.db)).toBe(0);
    await expectWellSequenced();

    // Later events continue each tenant's count.
    await launch(tenants[1]!);
    const relay = new OutboxRelay({ db: scratch.database.db, outbox, bus, logger, prepare: () => sequenceCaseEvents(scratch.database.db), ready: sequencedForPublishing });
    expect(await relay.drain()).toBe((await logged()).length);
    await expectWellSequenced();

    // Every published event carries the position the log has for it.
    const positionOf = new Map((await logged()).map((row) => [`${row.caseId}:${row.sequence}`, row.position]));
    await expect.poll(() => published.length).toBe(positionOf.size);
    for (const envelope of published) {
      const data = envelope.data as { caseId: string; sequence: number; position: number };
      expect(data.position).toBe(positionOf.get(`${data.caseId}:${data.sequence}`));
    }
    await bus.close();
  });

  it('never hands out a position twice or skips one while commands and several sequencers run at once', async () => {
    let writing = true;
    const sequencers = Array.from({ length: 3 }, async () => {
      while (writing) await sequenceCaseEvents(scratch.database.db, 7);
    });
    await Promise.all(Array.from({ length: 24 }, (_, i) => launch(tenants[i % 2]!)));
    writing = false;
    await Promise.all(sequencers);
    while ((await sequenceCaseEvents(scratch.database.db, 7)) > 0);
    expect((await logged()).every((row) => row.position !== null)).toBe(true);
    await expectWellSequenced();
  });

  it("migration 0007's backfill numbers events recorded before positions existed, as the sequencer would", async () => {
    await Promise.all(Array.from({ length: 6 }, (_, i) => launch(tenants[i % 2]!)));
    // Back to the state before 0007: no positions anywhere, some events still waiting in the outbox.
    const db = scratch.database.db;
    await sequenceCaseEvents(db);
    await db.execute(sql`update ${caseEvents} set position = null`);
    await db.execute(sql`delete from ${tenantEventPositions}`);
    await db.execute(sql`update ${outbox} set envelope = envelope #- '{data,position}', published_at = case when seq % 2 = 0 then now() else null end`);
    const migration = readFileSync(join(workflowsSubgraph().migrationsFolder, '0007_tenant_event_positions.sql'), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').filter((statement) => /^\s*(--[^\n]*\n\s*)*(WITH|INSERT|UPDATE)/i.test(statement));
    expect(backfill).toHaveLength(3);
    for (const statement of backfill) await db.execute(sql.raw(statement));

    await expectWellSequenced();
    const rows = await logged();
    const counters = await db.select().from(tenantEventPositions);
    for (const tenantId of tenants) {
      expect(counters.find((c) => c.tenantId === tenantId)?.position).toBe(rows.filter((row) => row.tenantId === tenantId).length);
    }
    // Unpublished envelopes carry their events' positions, so the relay sends them as they are; the sequencer finds nothing left.
    const waiting = await db.select({ envelope: outbox.envelope }).from(outbox).where(isNull(outbox.publishedAt));
    const positionOf = new Map(rows.map((row) => [`${row.caseId}:${row.sequence}`, row.position]));
    expect(waiting.length).toBeGreaterThan(0);
    for (const { envelope } of waiting) {
      const data = envelope.data as { caseId: string; sequence: number; position?: number };
      expect(data.position).toBe(positionOf.get(`${data.caseId}:${data.sequence}`));
    }
    expect(await sequenceCaseEvents(db)).toBe(0);
    // New events continue each tenant's count.
    await launch(tenants[0]!);
    await sequenceCaseEvents(db);
    await expectWellSequenced();
  });

  it('numbers events an older release published without positions (a rolling upgrade), and leaves waiting ones to the usual pass', async () => {
    const db = scratch.database.db;
    await sequenceCaseEvents(db);
    // An instance of the previous release: its relay publishes whatever is committed, unnumbered.
    const oldRelay = new OutboxRelay({ db, outbox, bus: new MemoryEventBus(), logger });
    const [early] = [await launch(tenants[0]!), await launch(tenants[1]!)];
    await oldRelay.drain();
    // One more, still waiting in the outbox when the stragglers are looked for.
    const waiting = await launch(tenants[0]!);
    const stragglers = (await logged()).filter((row) => row.position === null && row.caseId !== waiting.id).length;
    expect(stragglers).toBeGreaterThan(0);
    expect(await sequenceStragglers(db)).toBe(stragglers);
    expect((await logged()).filter((row) => row.caseId === early.id).every((row) => row.position !== null)).toBe(true);
    expect((await logged()).filter((row) => row.caseId === waiting.id).every((row) => row.position === null)).toBe(true);
    expect(await sequenceCaseEvents(db)).toBeGreaterThan(0);
    expect((await logged()).every((row) => row.position !== null)).toBe(true);
    await expectWellSequenced();
  });
});
