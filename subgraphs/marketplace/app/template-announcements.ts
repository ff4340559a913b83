/**
 * Tells other subgraphs (the ai subgraph's knowledge base) what the catalog holds: each publish,
 * update and unpublish goes out as marketplace.template.* on `marketplace.templates` through the
 * marketplace outbox, with the template's whole summary and its updatedAt as revision.
 *
 * The catalog may live in another store (MongoDB) than the outbox (Postgres), so the two cannot
 * commit together: the event is written right after the catalog write succeeded, never before, so
 * nothing is announced that the catalog does not hold. A crash between the two loses the
 * announcement until the template's next change.
 */
import { desc, eq } from 'drizzle-orm';
import { createEnvelope, enqueueEvents, withTenant, type Db } from '@flowgraph/shared';
import { TEMPLATE_EVENTS_TOPIC, TemplateEventType, type TemplateChangedData } from '@flowgraph/shared/events/knowledge-events';
import { SPECIFICATION_XML_LIMITS, WORKFLOW_SUMMARY_LIMITS, parseSpecificationSet, summarizeSpecifications, type WorkflowSummary, type XmlLimits } from '@flowgraph/yawl';
import { outbox, templateVersions } from '../data/schema.js';
import type { TemplateRecord } from '../data/template-store.js';

export type TemplateEventName = keyof typeof TemplateEventType;

const EMPTY: WorkflowSummary = { name: '', description: '', taskNames: [], patterns: [] };

export class TemplateAnnouncements {
  constructor(
    private readonly db: Db,
    private readonly limits: Readonly<XmlLimits> = SPECIFICATION_XML_LIMITS,
    private readonly afterCommit: () => void = () => undefined,
  ) {}

  /** The summary of the template's latest snapshot, read as its owner; empty if it no longer parses. */
  async latestSummary(record: TemplateRecord): Promise<WorkflowSummary> {
    const [row] = await withTenant(this.db, record.tenantId, (tx) =>
      tx.select({ xml: templateVersions.xml }).from(templateVersions).where(eq(templateVersions.templateId, record.id)).orderBy(desc(templateVersions.version)).limit(1),
    );
    const parsed = row ? parseSpecificationSet(row.xml, { limits: this.limits }) : undefined;
    return parsed?.ok ? summarizeSpecifications(parsed.set.specifications) : EMPTY;
  }

  /** Writes the event of `record` as it now is; `summary` is its snapshot's (unneeded to unpublish). */
  async announce(event: TemplateEventName, record: TemplateRecord, summary: WorkflowSummary = EMPTY): Promise<void> {
    const data: TemplateChangedData = {
      ...summary,
      // The catalog's own name and description: what the publisher wrote for buyers.
      name: record.name.slice(0, WORKFLOW_SUMMARY_LIMITS.name),
      description: record.description.slice(0, WORKFLOW_SUMMARY_LIMITS.description),
      templateId: record.id,
      visibility: record.visibility,
      status: record.status,
      revision: record.updatedAt.getTime(),
    };
    const envelope = createEnvelope({ type: TemplateEventType[event], source: 'marketplace', tenantId: record.tenantId, key: record.id, data });
    await withTenant(this.db, record.tenantId, (tx) => enqueueEvents(tx, outbox, TEMPLATE_EVENTS_TOPIC, [envelope]));
    this.afterCommit();
  }
}
