import { and, desc, eq, isNull } from 'drizzle-orm';
import { withTenant, type Db } from '@flowgraph/shared';
import { apiKeys, type ApiKeyRow } from './schema.js';

const publicColumns = {
  id: apiKeys.id,
  tenantId: apiKeys.tenantId,
  createdBy: apiKeys.createdBy,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  role: apiKeys.role,
  scopes: apiKeys.scopes,
  clientName: apiKeys.clientName,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  createdAt: apiKeys.createdAt,
};

/** API-key rows. The exchange looks keys up by hash before the tenant is known; everything else is tenant-scoped. */
export class ApiKeyStore {
  constructor(private readonly db: Db) {}

  async insert(row: { tenantId: string; createdBy: string; name: string; prefix: string; keyHash: string; role: 'user' | 'viewer'; scopes: string[]; clientName: string }): Promise<ApiKeyRow> {
    const [created] = await this.db.insert(apiKeys).values(row).returning(publicColumns);
    return created!;
  }

  ofTenant(tenantId: string): Promise<ApiKeyRow[]> {
    return withTenant(this.db, tenantId, (tx) => tx.select(publicColumns).from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(desc(apiKeys.createdAt)));
  }

  /** Revokes once; resolves to the revoked key, or undefined when it is unknown in this tenant or already revoked. */
  async revoke(tenantId: string, id: string, at: Date): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db
      .update(apiKeys)
      .set({ revokedAt: at })
      .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning(publicColumns);
    return row;
  }

  async byId(tenantId: string, id: string): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db.select(publicColumns).from(apiKeys).where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)));
    return row;
  }

  async activeByHash(keyHash: string): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db
      .select(publicColumns)
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
    return row;
  }

  async touch(tenantId: string, id: string, at: Date): Promise<void> {
    await this.db
      .update(apiKeys)
      .set({ lastUsedAt: at })
      .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)));
  }
}
