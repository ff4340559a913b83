import { sql } from 'drizzle-orm';
import { CASE_EVENTS_TOPIC, createEnvelope, demo, type Db, type EventBus } from '@flowgraph/shared';

/**
 * The bench's producer. A case event reaches subscribers as workflows publishes it: recorded in
 * the case event log with its place in the tenant's stream, then on Kafka carrying that place. A
 * tenant-wide subscription counts on both: it starts at the log's last position, and reads from
 * the log what the feed has not brought in time. So the producer records each event (and its
 * case, once) in workflows' database before producing it, as the outbox relay's events would be.
 */
export class BenchEventProducer {
  private readonly sequences = new Map<string, number>();
  private position = 0;

  private constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly tenantId: string,
    private readonly specificationId: string,
  ) {}

  static async open(db: Db, bus: EventBus, tenantId: string): Promise<BenchEventProducer> {
    const rows = async <Row>(query: ReturnType<typeof sql>) => ((await db.execute(query)) as { rows: Row[] }).rows;
    const [spec] = await rows<{ id: string }>(sql`select id from workflows.specifications where tenant_id = ${tenantId} limit 1`);
    if (!spec) throw new Error(`tenant ${tenantId} has no specification to hang the bench's cases on`);
    const producer = new BenchEventProducer(db, bus, tenantId, spec.id);
    const [last] = await rows<{ last: string }>(sql`select coalesce(max(position), 0) as last from workflows.case_events where tenant_id = ${tenantId}`);
    producer.position = Number(last?.last ?? 0);
    return producer;
  }

  /** The next event of `caseId`, produce time in occurredAt; a new case starts with `case.started`. */
  async publish(caseId: string): Promise<void> {
    const sequence = (this.sequences.get(caseId) ?? 0) + 1;
    this.sequences.set(caseId, sequence);
    const now = new Date();
    const at = now.toISOString();
    if (sequence === 1) {
      await this.db.execute(sql`insert into workflows.cases (id, tenant_id, specification_id, status, state, version, started_by, started_at, updated_at)
        values (${caseId}, ${this.tenantId}, ${this.specificationId}, 'running', '{}'::jsonb, 1, ${demo.users.user.id}, ${at}::timestamptz, ${at}::timestamptz)`);
    }
    const type = sequence === 1 ? 'case.started' : 'workitem.enabled';
    const position = ++this.position;
    const event = { type, caseId, sequence, at };
    await this.db.execute(sql`insert into workflows.case_events (case_id, sequence, tenant_id, type, event, occurred_at, position)
      values (${caseId}, ${sequence}, ${this.tenantId}, ${type}, ${JSON.stringify(event)}::jsonb, ${at}::timestamptz, ${position})`);
    const envelope = createEnvelope({
      type: `workflow.${type}`,
      source: 'workflows',
      tenantId: this.tenantId,
      key: caseId,
      occurredAt: now,
      data: { ...event, specificationId: this.specificationId, position, ...(sequence === 1 ? { startedAt: at } : {}) },
    });
    await this.bus.publish(CASE_EVENTS_TOPIC, [envelope]);
  }
}
