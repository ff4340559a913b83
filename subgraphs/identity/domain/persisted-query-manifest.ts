import { createHash } from 'node:crypto';
import { parse } from 'graphql';
import type { ClientOperationList, PersistedOperationPolicy } from '@flowgraph/shared/persisted-operations';

/** Apollo's persisted query manifest (what @apollo/generate-persisted-query-manifest writes). */
export interface PersistedQueryManifest {
  format: string;
  version: number;
  operations: readonly { id: string; name: string; type: string; body: string }[];
}

export type PublishedOperations = Record<string, { name: string; type: string; body: string }>;

export type PersistedQueryPolicy = PersistedOperationPolicy;
export type { ClientOperationList };

/** Bounds a manifest so one publish cannot fill the store or the gateways' memory. */
export const MANIFEST_LIMITS = { operations: 2_000, bodyChars: 50_000, tokens: 5_000 } as const;
/** Unlisted operations kept per client (further new hashes are counted nowhere), and the body length kept. */
export const UNLISTED_LIMITS = { perClient: 500, bodyChars: 20_000 } as const;

const CLIENT_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface ManifestViolation {
  field: 'clientName' | 'manifest';
  message: string;
}

export function clientNameViolation(name: string): ManifestViolation | undefined {
  return CLIENT_NAME.test(name) ? undefined : { field: 'clientName', message: 'client name must be 1 to 63 characters: lowercase letters, digits, ".", "_" or "-"' };
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Checks a manifest and returns its operations by id: the format Apollo's tools write, each id the
 * sha256 of its body (what the client will send), each body one parsable operation of bounded size.
 */
export function validateManifest(manifest: PersistedQueryManifest): { operations: PublishedOperations } | ManifestViolation {
  const fail = (message: string): ManifestViolation => ({ field: 'manifest', message });
  if (manifest.format !== 'apollo-persisted-query-manifest') return fail('format must be "apollo-persisted-query-manifest"');
  if (manifest.version !== 1) return fail('version must be 1');
  if (manifest.operations.length > MANIFEST_LIMITS.operations) return fail(`at most ${MANIFEST_LIMITS.operations} operations`);
  const operations: PublishedOperations = {};
  for (const [index, operation] of manifest.operations.entries()) {
    const at = `operations[${index}]`;
    if (!SHA256_HEX.test(operation.id)) return fail(`${at}.id must be a lowercase hex sha256`);
    if (operation.body.length > MANIFEST_LIMITS.bodyChars) return fail(`${at}.body is longer than ${MANIFEST_LIMITS.bodyChars} characters`);
    if (sha256Hex(operation.body) !== operation.id) return fail(`${at}.id is not the sha256 of its body`);
    if (!['query', 'mutation', 'subscription'].includes(operation.type)) return fail(`${at}.type must be query, mutation or subscription`);
    try {
      parse(operation.body, { maxTokens: MANIFEST_LIMITS.tokens, noLocation: true });
    } catch (error) {
      return fail(`${at}.body is not valid GraphQL: ${error instanceof Error ? error.message : 'parse failed'}`);
    }
    operations[operation.id] = { name: operation.name, type: operation.type, body: operation.body };
  }
  return { operations };
}

/** The version to roll back to: the newest one published before the active one. */
export function previousVersion(active: number | null, published: readonly number[]): number | undefined {
  if (active === null) return undefined;
  return published.filter((version) => version < active).sort((a, b) => b - a)[0];
}
