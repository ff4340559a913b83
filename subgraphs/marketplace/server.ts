import { SPECIFICATION_XML_LIMITS, loadSpecificationSchema, type XmlLimits } from '@flowgraph/yawl';
import { ConfigError, StripePayments, runSubgraphFromEnv } from '@flowgraph/shared';
import type { SnapshotPolicy } from './domain/snapshot.js';
import { marketplaceSubgraph } from './index.js';

// Blank counts as unset, as in the shared config loader: `MONGODB_URL=` keeps the catalog on Postgres.
const setting = (name: string): string | undefined => process.env[name]?.trim() || undefined;

function payments(): StripePayments | undefined {
  const secretKey = setting('STRIPE_SECRET_KEY');
  const webhookSecret = setting('STRIPE_WEBHOOK_SECRET');
  if (!secretKey && !webhookSecret) {
    // The local simulator takes no money: never what production runs on.
    if (process.env.NODE_ENV === 'production') throw new ConfigError('marketplace', ['STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are required in production']);
    return undefined;
  }
  if (!secretKey || !webhookSecret) throw new ConfigError('marketplace', ['STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET go together']);
  return new StripePayments({ secretKey, webhookSecret, apiBase: setting('STRIPE_API_BASE') });
}

function positive(name: string): number | undefined {
  const value = setting(name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new ConfigError('marketplace', [`${name} must be a positive integer`]);
  return n;
}

/** The same variables workflows reads for its import, so what publishes here imports there. */
function snapshotPolicy(): SnapshotPolicy {
  const limits: XmlLimits = {
    maxBytes: positive('SPECIFICATION_XML_MAX_BYTES') ?? SPECIFICATION_XML_LIMITS.maxBytes,
    maxDepth: positive('SPECIFICATION_XML_MAX_DEPTH') ?? SPECIFICATION_XML_LIMITS.maxDepth,
    maxAttributesPerElement: positive('SPECIFICATION_XML_MAX_ATTRIBUTES') ?? SPECIFICATION_XML_LIMITS.maxAttributesPerElement,
    maxElements: positive('SPECIFICATION_XML_MAX_ELEMENTS') ?? SPECIFICATION_XML_LIMITS.maxElements,
    maxTextLength: positive('SPECIFICATION_XML_MAX_TEXT_LENGTH') ?? SPECIFICATION_XML_LIMITS.maxTextLength,
  };
  const xsd = setting('YAWL_SCHEMA_XSD');
  const timeoutMs = positive('SPECIFICATION_XSD_TIMEOUT_MS');
  return { limits, schema: { ...(xsd ? { official: loadSpecificationSchema(xsd) } : {}), ...(timeoutMs ? { timeoutMs } : {}) } };
}

await runSubgraphFromEnv(
  marketplaceSubgraph({
    mongodbUrl: setting('MONGODB_URL'),
    mongodbDatabase: setting('MONGODB_DATABASE'),
    payments: payments(),
    publicUrl: setting('MARKETPLACE_PUBLIC_URL'),
    snapshots: snapshotPolicy(),
  }),
);
