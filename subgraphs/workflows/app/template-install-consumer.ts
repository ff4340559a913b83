import { createEnvelope, type EventBus, type EventEnvelope, type Logger, type Subscription } from '@flowgraph/shared';
import { INSTALL_REQUESTS_TOPIC, INSTALL_RESULTS_TOPIC, type InstallRequestData, type InstallResultData } from '@flowgraph/shared/events/template-install-events';
import { DomainError } from './errors.js';
import type { SpecificationCatalog } from './specification-import.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isRequest(data: unknown): data is InstallRequestData {
  const d = data as Partial<InstallRequestData> | null;
  return !!d && typeof d.installationId === 'string' && typeof d.tenantId === 'string' && UUID.test(d.tenantId) && typeof d.userId === 'string' && UUID.test(d.userId) && typeof d.xml === 'string';
}

/**
 * Installs bought marketplace templates: imports the snapshot into the buyer's tenant as any upload
 * would be, and answers with the specification's id. Delivery is at least once: a request seen again
 * finds its specification already there (same identifier and version) and answers with it.
 */
export class TemplateInstallConsumer {
  private subscription: Subscription | undefined;

  constructor(
    private readonly catalog: SpecificationCatalog,
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.subscription = await this.bus.subscribe({ groupId: 'workflows-template-installs', topic: INSTALL_REQUESTS_TOPIC, handler: (event) => this.handle(event) });
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
  }

  async handle(event: EventEnvelope): Promise<void> {
    if (!isRequest(event.data)) {
      this.logger.warn({ eventId: event.id }, 'malformed install request ignored');
      return;
    }
    const request = event.data;
    let result: InstallResultData;
    try {
      result = { installationId: request.installationId, tenantId: request.tenantId, specificationId: await this.catalog.importOrFind(request.tenantId, request.userId, request.xml) };
    } catch (error) {
      // A refusal (it no longer verifies here) is an answer; anything else is retried by the bus.
      if (!(error instanceof DomainError)) throw error;
      result = { installationId: request.installationId, tenantId: request.tenantId, error: error.message };
    }
    await this.bus.publish(INSTALL_RESULTS_TOPIC, [
      createEnvelope<InstallResultData>({
        type: result.specificationId ? 'workflows.template.installed' : 'workflows.template.install-failed',
        source: 'workflows',
        tenantId: request.tenantId,
        key: request.tenantId,
        data: result,
      }),
    ]);
  }
}
