import { index, integer, jsonb, pgSchema, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { outboxTable } from '@flowgraph/shared/outbox/outbox-table';

export const identity = pgSchema('identity');

export const roleEnum = identity.enum('role', ['admin', 'user', 'viewer']);

export const tenants = identity.table('tenants', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const users = identity.table(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    role: roleEnum('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** TOTP secret, AES-256-GCM encrypted; set while enrolment is pending and once active. */
    mfaSecret: text('mfa_secret'),
    /** When the user proved a code for `mfaSecret`; from then on login requires one. */
    mfaEnabledAt: timestamp('mfa_enabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('users_tenant_idx').on(table.tenantId)],
);

/**
 * Opaque refresh tokens, stored only as their sha256. A family is one sign-in: each refresh
 * rotates to a new member, and presenting an already rotated member revokes the whole family.
 */
export const refreshTokens = identity.table(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('refresh_tokens_family_idx').on(table.tenantId, table.familyId), index('refresh_tokens_user_idx').on(table.tenantId, table.userId)],
);

/**
 * Partner API keys, stored only as the sha256 of the secret. The prefix is shown in listings
 * so people can tell keys apart without the secret ever being shown again.
 */
export const apiKeys = identity.table(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    prefix: text('prefix').notNull().unique(),
    keyHash: text('key_hash').notNull().unique(),
    role: roleEnum('role').notNull(),
    scopes: text('scopes').array().notNull().default([]),
    /** The partner client the key is bound to: its tokens carry it, and the gateway admits only that client's persisted operations. */
    clientName: text('client_name').notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('api_keys_tenant_idx').on(table.tenantId, table.createdAt)],
);

export const persistedQueryPolicyEnum = identity.enum('persisted_query_policy', ['enforce', 'log', 'off']);

/** A partner client of a tenant: its policy for operations not in its list, and which published list is active. */
export const persistedQueryClients = identity.table(
  'persisted_query_clients',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    clientName: text('client_name').notNull(),
    policy: persistedQueryPolicyEnum('policy').notNull().default('enforce'),
    activeVersion: integer('active_version'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.clientName] })],
);

/** Every manifest published for a client, numbered 1, 2, … per client; rows are never changed, so any can be activated again. */
export const persistedQueryManifests = identity.table(
  'persisted_query_manifests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    clientName: text('client_name').notNull(),
    version: integer('version').notNull(),
    /** sha256 (hex) → operation body, as published. */
    operations: jsonb('operations').$type<Record<string, { name: string; type: string; body: string }>>().notNull(),
    publishedBy: uuid('published_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique('persisted_query_manifests_version').on(table.tenantId, table.clientName, table.version)],
);

/** Operations a client under `log` ran that its list lacks, reported by the gateway: the list to publish before enforcing. */
export const unlistedOperations = identity.table(
  'unlisted_operations',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    clientName: text('client_name').notNull(),
    hash: text('hash').notNull(),
    operationName: text('operation_name'),
    body: text('body').notNull(),
    count: integer('count').notNull().default(1),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.clientName, table.hash] })],
);

/** Auth events waiting for the relay; written in the same transaction as the state they describe. */
export const outbox = outboxTable(identity);

export type RefreshTokenRow = typeof refreshTokens.$inferSelect;
/** API keys as resolvers see them: never with the hash. */
export type ApiKeyRow = Omit<typeof apiKeys.$inferSelect, 'keyHash'>;
export type TenantRow = typeof tenants.$inferSelect;
/** Users as resolvers see them: never with the password hash or MFA state. */
export type UserRow = Omit<typeof users.$inferSelect, 'passwordHash' | 'mfaSecret' | 'mfaEnabledAt'>;
export type UserWithSecret = typeof users.$inferSelect;
export type PersistedQueryClientRow = typeof persistedQueryClients.$inferSelect;
export type PersistedQueryManifestRow = typeof persistedQueryManifests.$inferSelect;
export type UnlistedOperationRow = typeof unlistedOperations.$inferSelect;
