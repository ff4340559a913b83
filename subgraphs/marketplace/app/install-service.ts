import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { createEnvelope, enqueueEvents, isUniqueViolation, isUuid, withTenant, type Db, type EventBus, type EventEnvelope, type Logger, type Subscription } from '@flowgraph/shared';
import { installations, outbox, type InstallationRow } from '../data/schema.js';
import { refuse } from '../domain/errors.js';
import type { Actor, CatalogService } from './catalog-service.js';
import type { PurchaseService } from './purchase-service.js';
import { INSTALL_REQUESTS_TOPIC, INSTALL_RESULTS_TOPIC, type InstallRequestData, type InstallResultData } from './topics.js';

/**
 * Installing a template: the marketplace records the installation and asks workflows, through an
 * event, to import the snapshot into the buyer's tenant; workflows answers with the specification's
 * id. Each subgraph writes only its own tables.
 */
export class InstallService {
  private subscription: Subscription | undefined;

  constructor(
    private readonly db: Db,
    private readonly catalog: CatalogService,
    private readonly purchases: PurchaseService,
    private readonly logger: Logger,
    private readonly afterCommit: () => void,
  ) {}

  async install(actor: Actor, templateId: string): Promise<InstallationRow> {
    const template = await this.catalog.detail(templateId);
    if (!template || (template.visibility === 'private' && template.tenantId !== actor.tenantId)) throw refuse('NOT_FOUND', `Template ${templateId} not found`);
    if (!(await this.purchases.hasAccess(actor.tenantId, template))) throw refuse('FORBIDDEN', 'Buy this template before installing it');
    const existing = await this.find(actor.tenantId, templateId, template.version);
    if (existing && existing.status !== 'failed') return existing;
    const xml = await this.catalog.snapshot(actor.tenantId, templateId, template.version);
    if (!xml) throw new Error(`template ${templateId} has no snapshot of version ${template.version}`);
    try {
      const row = await withTenant(this.db, actor.tenantId, async (tx) => {
        if (existing) await tx.delete(installations).where(eq(installations.id, existing.id));
        const [inserted] = await tx
          .insert(installations)
          .values({ id: randomUUID(), templateId, version: template.version, tenantId: actor.tenantId, userId: actor.userId, status: 'pending' })
          .returning();
        const request = createEnvelope<InstallRequestData>({
          type: 'marketplace.template.install-requested',
          source: 'marketplace',
          tenantId: actor.tenantId,
          key: actor.tenantId,
          data: { installationId: inserted!.id, templateId, version: template.version, tenantId: actor.tenantId, userId: actor.userId, xml },
        });
        await enqueueEvents(tx, outbox, INSTALL_REQUESTS_TOPIC, [request]);
        return inserted!;
      });
      this.afterCommit();
      return row;
    } catch (error) {
      // Two installs at once: the other one's row is the installation.
      if (isUniqueViolation(error)) {
        const raced = await this.find(actor.tenantId, templateId, template.version);
        if (raced) return raced;
      }
      throw error;
    }
  }

  mine(tenantId: string): Promise<InstallationRow[]> {
    return withTenant(this.db, tenantId, (tx) => tx.select().from(installations).where(eq(installations.tenantId, tenantId)).orderBy(desc(installations.createdAt)).limit(200));
  }

  /** Listens for workflows' answers; applying one twice is harmless. */
  async start(bus: EventBus): Promise<void> {
    this.subscription = await bus.subscribe({ groupId: 'marketplace-installs', topic: INSTALL_RESULTS_TOPIC, handler: (event) => this.applyResult(event) });
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
  }

  async applyResult(event: EventEnvelope): Promise<void> {
    const data = event.data as Partial<InstallResultData>;
    if (typeof data.installationId !== 'string' || !isUuid(data.installationId) || typeof data.tenantId !== 'string' || !isUuid(data.tenantId)) return;
    const change = data.specificationId ? { status: 'installed' as const, specificationId: data.specificationId, error: null } : { status: 'failed' as const, error: (data.error ?? 'install failed').slice(0, 500) };
    const { installationId, tenantId } = data;
    await withTenant(this.db, tenantId, (tx) =>
      tx
        .update(installations)
        .set(change)
        .where(and(eq(installations.id, installationId), eq(installations.tenantId, tenantId), eq(installations.status, 'pending'))),
    );
  }

  private async find(tenantId: string, templateId: string, version: number): Promise<InstallationRow | undefined> {
    const [row] = await withTenant(this.db, tenantId, (tx) =>
      tx
        .select()
        .from(installations)
        .where(and(eq(installations.tenantId, tenantId), eq(installations.templateId, templateId), eq(installations.version, version))),
    );
    return row;
  }
}
