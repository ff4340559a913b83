import { createHash } from 'node:crypto';
import type { Cache } from '@flowgraph/shared';
import type { StoredHints, StoredIssue, StoredSimilar } from '../data/schema.js';

/** How long an earlier successful generation answers the same intent and hints. */
export const GENERATION_CACHE_TTL_SECONDS = 24 * 60 * 60;

export interface CachedGeneration {
  xml: string;
  /** The identifier written into `xml`, replaced by the new generation's own. */
  identifier: string;
  patterns: string[];
  similar: StoredSimilar[];
  rounds: StoredIssue[][];
  storedAt: number;
}

/** The intent as compared: case, spacing and trailing punctuation do not make another request. */
export function normaliseIntent(intent: string): string {
  return intent.toLowerCase().replace(/\s+/g, ' ').replace(/[\s.!?;,]+$/, '').trim();
}

export function generationCacheKey(intent: string, hints: StoredHints, provider: string): string {
  const normalised = JSON.stringify([normaliseIntent(intent), hints.name?.trim().toLowerCase() ?? null, hints.defaultRole ?? null, provider]);
  return createHash('sha256').update(normalised).digest('hex');
}

/** Successful generations per tenant and key (Redis in production, the in-process cache embedded). */
export class GenerationCache {
  constructor(
    private readonly cache: Cache,
    private readonly now: () => Date,
  ) {}

  private key(tenantId: string, cacheKey: string): string {
    return `ai:generation:${tenantId}:${cacheKey}`;
  }

  async get(tenantId: string, cacheKey: string): Promise<CachedGeneration | undefined> {
    const hit = await this.cache.get<CachedGeneration>(this.key(tenantId, cacheKey));
    // The TTL bounds it in the store; the age check holds it to 24 h on the service's own clock too.
    if (!hit || this.now().getTime() - hit.storedAt > GENERATION_CACHE_TTL_SECONDS * 1000) return undefined;
    return hit;
  }

  set(tenantId: string, cacheKey: string, value: Omit<CachedGeneration, 'storedAt'>): Promise<void> {
    return this.cache.set(this.key(tenantId, cacheKey), { ...value, storedAt: this.now().getTime() }, { ttlSeconds: GENERATION_CACHE_TTL_SECONDS });
  }
}
