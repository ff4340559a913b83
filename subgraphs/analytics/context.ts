import DataLoader from 'dataloader';
import { isUuid, type AuthContext, type AuthenticatedContext } from '@flowgraph/shared';
import { tenantTotals, type TenantTotals } from './domain/case-metrics.js';
import { zeroMetrics, type MetricsRepository } from './data/metrics-repository.js';
import type { MetricsFeed } from './data/metrics-feed.js';
import type { SpecificationMetricsRow } from './data/schema.js';

export interface Context extends AuthenticatedContext {
  metrics: MetricsRepository;
  /** Changes of metrics recorded by any analytics instance, for live dashboards. */
  feed: MetricsFeed;
  /** The caller's tenant, or null for anonymous callers (whom shield stops before any read). */
  tenantId: string | null;
  loaders: {
    /** Never null: a specification nothing has happened to has all-zero metrics. */
    specificationMetrics: DataLoader<string, SpecificationMetricsRow>;
    tenantMetrics: DataLoader<string, TenantTotals>;
  };
}

export function createContext(auth: AuthContext, metrics: MetricsRepository, feed: MetricsFeed): Context {
  const tenantId = auth.kind === 'user' ? auth.tenantId : null;
  return {
    auth,
    metrics,
    feed,
    tenantId,
    loaders: {
      specificationMetrics: new DataLoader<string, SpecificationMetricsRow>(async (ids) => {
        if (!tenantId) return ids.map((id) => zeroMetrics('', id));
        // Ids come from other subgraphs' references; a non-uuid could never have metrics, and would fail the uuid column.
        const rows = await metrics.metricsOfSpecifications(tenantId, ids.filter(isUuid));
        const byId = new Map(rows.map((row) => [row.specificationId, row]));
        return ids.map((id) => byId.get(id.toLowerCase()) ?? zeroMetrics(tenantId, id));
      }),
      tenantMetrics: new DataLoader<string, TenantTotals>(async (tenantIds) => {
        // Only the caller's own tenant is ever read; Tenant.__resolveReference keeps others out.
        const rows = tenantId && tenantIds.includes(tenantId) ? await metrics.metricsOfTenant(tenantId) : [];
        return tenantIds.map((id) => tenantTotals(rows.filter((row) => row.tenantId === id)));
      }),
    },
  };
}
