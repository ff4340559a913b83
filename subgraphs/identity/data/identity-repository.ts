import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@flowgraph/shared';
import { tenants, users, type TenantRow, type UserRow, type UserWithSecret } from './schema.js';

const publicUserColumns = {
  id: users.id,
  tenantId: users.tenantId,
  email: users.email,
  name: users.name,
  role: users.role,
  createdAt: users.createdAt,
};

/** Reads and writes of the identity schema. Every read of tenant-owned rows takes the tenant. */
export class IdentityRepository {
  constructor(private readonly db: Db) {}

  usersByIds(tenantId: string, ids: readonly string[]): Promise<UserRow[]> {
    return this.db
      .select(publicUserColumns)
      .from(users)
      .where(and(eq(users.tenantId, tenantId), inArray(users.id, [...ids])));
  }

  usersOfTenant(tenantId: string): Promise<UserRow[]> {
    return this.db.select(publicUserColumns).from(users).where(eq(users.tenantId, tenantId)).orderBy(asc(users.email));
  }

  /** Login is the one lookup that precedes knowing the tenant: emails are unique platform-wide. */
  async userByEmailForLogin(email: string): Promise<UserWithSecret | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
    return row;
  }

  async tenantById(id: string): Promise<TenantRow | undefined> {
    const [row] = await this.db.select().from(tenants).where(eq(tenants.id, id));
    return row;
  }

  async upsertTenant(tenant: { id: string; name: string; slug: string }): Promise<void> {
    await this.db.insert(tenants).values(tenant).onConflictDoNothing();
  }

  async upsertUser(user: Omit<UserWithSecret, 'createdAt'>): Promise<void> {
    await this.db
      .insert(users)
      .values({ ...user, email: user.email.toLowerCase() })
      .onConflictDoNothing();
  }
}
