import { createEnvelope, LiveFeed, type EventBus, type EventEnvelope, type Logger } from '@flowgraph/shared';

/** Hints that a specification's metrics changed: analytics tells its own instances, each serving some dashboards. */
export const METRICS_CHANGED_TOPIC = 'analytics.metrics-changed';

/** A specification of a tenant whose metrics changed. */
export interface MetricsChange {
  tenantId: string;
  specificationId: string;
}

function changeFromEnvelope(envelope: EventEnvelope): MetricsChange | undefined {
  const specificationId = (envelope.data as { specificationId?: unknown } | undefined)?.specificationId;
  return typeof specificationId === 'string' ? { tenantId: envelope.tenantId, specificationId } : undefined;
}

/**
 * Live metrics for `specificationMetricsChanged`. Analytics instances split the case-events topic
 * in one consumer group, so the instance that records an event is not necessarily the one serving
 * a dashboard of its specification. After recording, the recorder announces the change on a topic
 * every instance reads (a LiveFeed), and each instance tells its own subscribers, who read the
 * metrics afresh: committed by then, since the announcement follows the commit.
 *
 * An announcement is a hint, not the data: one lost (the recorder dying between its commit and
 * the publish) costs a dashboard one refresh, and the next change of that specification brings
 * it up to date. That is why it is not written through an outbox.
 */
export class MetricsFeed extends LiveFeed<MetricsChange> {
  constructor(bus: EventBus, logger: Logger) {
    super(bus, logger, { topic: METRICS_CHANGED_TOPIC, name: 'analytics-live', read: changeFromEnvelope });
  }

  /** Tells every instance's subscribers that the specification's metrics changed. */
  async announce(tenantId: string, specificationId: string): Promise<void> {
    try {
      await this.bus.publish(METRICS_CHANGED_TOPIC, [createEnvelope({ type: 'analytics.metrics.changed', source: 'analytics', tenantId, key: specificationId, data: { specificationId } })]);
    } catch (error) {
      // A hint: losing it must not fail (and so redeliver) the event that was recorded.
      this.logger.warn({ err: error, specificationId }, 'could not announce a metrics change');
    }
  }
}
