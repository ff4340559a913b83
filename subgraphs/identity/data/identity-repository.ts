import { and, asc, eq, inArray } from 'drizzle-orm';
import { enqueueEvents, isUuid, withTenant, type Db, type EventEnvelope } from '@flowgraph/shared';
import { IDENTITY_TOPIC } from '../domain/identity-events.js';
import { ApiKeyStore } from './api-key-store.js';
import { PersistedQueryStore } from './persisted-query-store.js';
import { RefreshTokenStore } from './refresh-token-store.js';
import { outbox, tenants, users, type TenantRow, type UserRow, type UserWithSecret } from './schema.js';

const publicUserColumns = {
  id: users.id,
  tenantId: users.tenantId,
  email: users.email,
  name: users.name,
  role: users.role,
  createdAt: users.createdAt,
};

type Role = UserRow['role'];

/** A user as other tenants may see them: `PublicProfile`. */
export interface PublicProfileRow {
  id: string;
  displayName: string;
}

/** Reads and writes of the identity schema. Every read of tenant-owned rows takes the tenant. */
export class IdentityRepository {
  readonly refreshTokens: RefreshTokenStore;
  readonly apiKeys: ApiKeyStore;
  readonly persistedQueries: PersistedQueryStore;

  constructor(private readonly db: Db) {
    this.refreshTokens = new RefreshTokenStore(db);
    this.apiKeys = new ApiKeyStore(db);
    this.persistedQueries = new PersistedQueryStore(db);
  }

  /**
   * Runs `work` in one transaction; state changes and their outbox events commit together.
   * With a tenant, row-level security confines it to that tenant; without one (login,
   * sign-up, refresh: the tenant is not known yet) it runs as the owner.
   */
  transaction<T>(work: (tx: IdentityRepository) => Promise<T>, tenantId?: string): Promise<T> {
    if (tenantId) return withTenant(this.db, tenantId, (tx) => work(new IdentityRepository(tx)));
    return this.db.transaction((tx) => work(new IdentityRepository(tx)));
  }

  /** Only meaningful inside `transaction`, so the events commit or roll back with the change. */
  enqueue(events: readonly EventEnvelope[]): Promise<void> {
    return enqueueEvents(this.db, outbox, IDENTITY_TOPIC, events);
  }

  usersByIds(tenantId: string, ids: readonly string[]): Promise<UserRow[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select(publicUserColumns)
        .from(users)
        .where(and(eq(users.tenantId, tenantId), inArray(users.id, [...ids]))),
    );
  }

  /**
   * Display names by user id, across tenants: the one read of users that no tenant scopes, which is
   * why it selects the id and the name and nothing else (no email, role or tenant). It runs as the
   * owner because row-level security rightly hides other tenants' users from flowgraph_tenant.
   */
  publicProfiles(ids: readonly string[]): Promise<PublicProfileRow[]> {
    const uuids = ids.filter(isUuid);
    if (uuids.length === 0) return Promise.resolve([]);
    return this.db.select({ id: users.id, displayName: users.name }).from(users).where(inArray(users.id, uuids));
  }

  usersOfTenant(tenantId: string): Promise<UserRow[]> {
    return withTenant(this.db, tenantId, (tx) => tx.select(publicUserColumns).from(users).where(eq(users.tenantId, tenantId)).orderBy(asc(users.email)));
  }

  /** Login is the one lookup that precedes knowing the tenant: emails are unique platform-wide. */
  async userByEmailForLogin(email: string): Promise<UserWithSecret | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
    return row;
  }

  async userWithSecret(tenantId: string, id: string): Promise<UserWithSecret | undefined> {
    const [row] = await this.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
    return row;
  }

  async emailTaken(email: string): Promise<boolean> {
    const [row] = await this.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    return Boolean(row);
  }

  async tenantById(id: string): Promise<TenantRow | undefined> {
    const [row] = await withTenant(this.db, id, (tx) => tx.select().from(tenants).where(eq(tenants.id, id)));
    return row;
  }

  async slugTaken(slug: string): Promise<boolean> {
    const [row] = await this.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug));
    return Boolean(row);
  }

  async insertTenant(tenant: { name: string; slug: string }): Promise<TenantRow> {
    const [row] = await this.db.insert(tenants).values(tenant).returning();
    return row!;
  }

  async insertUser(user: { tenantId: string; email: string; name: string; role: Role; passwordHash: string }): Promise<UserRow> {
    const [row] = await this.db
      .insert(users)
      .values({ ...user, email: user.email.toLowerCase() })
      .returning(publicUserColumns);
    return row!;
  }

  async setRole(tenantId: string, id: string, role: Role): Promise<UserRow | undefined> {
    const [row] = await this.db
      .update(users)
      .set({ role })
      .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
      .returning(publicUserColumns);
    return row;
  }

  async setPasswordHash(tenantId: string, id: string, passwordHash: string): Promise<void> {
    await this.db
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
  }

  /** Locks the tenant's admins, so two concurrent demotions cannot both see "another admin remains". */
  async lockAdminCount(tenantId: string): Promise<number> {
    const rows = await this.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.role, 'admin')))
      .for('update');
    return rows.length;
  }

  /** `enabled` set activates a pending secret; `secret` null removes MFA altogether. */
  async setMfa(tenantId: string, id: string, mfa: { secret: string | null; enabledAt: Date | null }): Promise<void> {
    await this.db
      .update(users)
      .set({ mfaSecret: mfa.secret, mfaEnabledAt: mfa.enabledAt })
      .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
  }

  async upsertTenant(tenant: { id: string; name: string; slug: string }): Promise<void> {
    await this.db.insert(tenants).values(tenant).onConflictDoNothing();
  }

  async upsertUser(user: Omit<typeof users.$inferInsert, 'createdAt'> & { id: string }): Promise<void> {
    await this.db
      .insert(users)
      .values({ ...user, email: user.email.toLowerCase() })
      .onConflictDoNothing();
  }
}
