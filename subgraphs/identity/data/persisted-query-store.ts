import { and, desc, eq, sql } from 'drizzle-orm';
import { withTenant, type Db } from '@flowgraph/shared';
import { UNLISTED_LIMITS, type ClientOperationList, type PersistedQueryPolicy, type PublishedOperations } from '../domain/persisted-query-manifest.js';
import { persistedQueryClients, persistedQueryManifests, unlistedOperations, type PersistedQueryClientRow, type UnlistedOperationRow } from './schema.js';

export interface ManifestVersion {
  version: number;
  operationCount: number;
  createdAt: Date;
}

/**
 * Partner clients' persisted-operation lists. Every method takes the tenant and runs under its
 * row-level security (withTenant), so a client name means something only within its tenant.
 */
export class PersistedQueryStore {
  constructor(private readonly db: Db) {}

  clientsOfTenant(tenantId: string): Promise<PersistedQueryClientRow[]> {
    return withTenant(this.db, tenantId, (tx) => tx.select().from(persistedQueryClients).where(eq(persistedQueryClients.tenantId, tenantId)).orderBy(persistedQueryClients.clientName));
  }

  async client(tenantId: string, clientName: string): Promise<PersistedQueryClientRow | undefined> {
    const [row] = await withTenant(this.db, tenantId, (tx) =>
      tx
        .select()
        .from(persistedQueryClients)
        .where(and(eq(persistedQueryClients.tenantId, tenantId), eq(persistedQueryClients.clientName, clientName))),
    );
    return row;
  }

  /** Registers a client (policy `enforce`) unless it exists. */
  async ensureClient(tenantId: string, clientName: string): Promise<void> {
    await withTenant(this.db, tenantId, (tx) => tx.insert(persistedQueryClients).values({ tenantId, clientName }).onConflictDoNothing());
  }

  /** Stores the next version of the client's list; with `activate`, makes it the active one. */
  publish(tenantId: string, clientName: string, operations: PublishedOperations, publishedBy: string, activate: boolean): Promise<number> {
    return withTenant(this.db, tenantId, async (tx) => {
      await tx.insert(persistedQueryClients).values({ tenantId, clientName }).onConflictDoNothing();
      // Serialises publishes of one client: the version numbers stay dense and unique.
      await tx
        .select({ name: persistedQueryClients.clientName })
        .from(persistedQueryClients)
        .where(and(eq(persistedQueryClients.tenantId, tenantId), eq(persistedQueryClients.clientName, clientName)))
        .for('update');
      const [latest] = await tx
        .select({ version: sql<number>`coalesce(max(${persistedQueryManifests.version}), 0)::int` })
        .from(persistedQueryManifests)
        .where(and(eq(persistedQueryManifests.tenantId, tenantId), eq(persistedQueryManifests.clientName, clientName)));
      const version = (latest?.version ?? 0) + 1;
      await tx.insert(persistedQueryManifests).values({ tenantId, clientName, version, operations, publishedBy });
      if (activate) {
        await tx
          .update(persistedQueryClients)
          .set({ activeVersion: version, updatedAt: new Date() })
          .where(and(eq(persistedQueryClients.tenantId, tenantId), eq(persistedQueryClients.clientName, clientName)));
      }
      return version;
    });
  }

  versions(tenantId: string, clientName: string): Promise<ManifestVersion[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select({
          version: persistedQueryManifests.version,
          operationCount: sql<number>`(select count(*) from jsonb_object_keys(${persistedQueryManifests.operations}))::int`,
          createdAt: persistedQueryManifests.createdAt,
        })
        .from(persistedQueryManifests)
        .where(and(eq(persistedQueryManifests.tenantId, tenantId), eq(persistedQueryManifests.clientName, clientName)))
        .orderBy(desc(persistedQueryManifests.version)),
    );
  }

  /** Makes `version` active; false when the client has no such version. */
  activate(tenantId: string, clientName: string, version: number): Promise<boolean> {
    return withTenant(this.db, tenantId, async (tx) => {
      const [exists] = await tx
        .select({ version: persistedQueryManifests.version })
        .from(persistedQueryManifests)
        .where(and(eq(persistedQueryManifests.tenantId, tenantId), eq(persistedQueryManifests.clientName, clientName), eq(persistedQueryManifests.version, version)));
      if (!exists) return false;
      await tx
        .update(persistedQueryClients)
        .set({ activeVersion: version, updatedAt: new Date() })
        .where(and(eq(persistedQueryClients.tenantId, tenantId), eq(persistedQueryClients.clientName, clientName)));
      return true;
    });
  }

  async setPolicy(tenantId: string, clientName: string, policy: PersistedQueryPolicy): Promise<void> {
    await withTenant(this.db, tenantId, (tx) =>
      tx
        .insert(persistedQueryClients)
        .values({ tenantId, clientName, policy })
        .onConflictDoUpdate({ target: [persistedQueryClients.tenantId, persistedQueryClients.clientName], set: { policy, updatedAt: new Date() } }),
    );
  }

  /** The client's policy and active list; a client never registered is enforced with an empty list. */
  activeList(tenantId: string, clientName: string): Promise<ClientOperationList> {
    return withTenant(this.db, tenantId, async (tx) => {
      const [client] = await tx
        .select()
        .from(persistedQueryClients)
        .where(and(eq(persistedQueryClients.tenantId, tenantId), eq(persistedQueryClients.clientName, clientName)));
      const list: ClientOperationList = { clientName, policy: client?.policy ?? 'enforce', version: client?.activeVersion ?? null, operations: {} };
      if (!client?.activeVersion) return list;
      const [manifest] = await tx
        .select({ operations: persistedQueryManifests.operations })
        .from(persistedQueryManifests)
        .where(and(eq(persistedQueryManifests.tenantId, tenantId), eq(persistedQueryManifests.clientName, clientName), eq(persistedQueryManifests.version, client.activeVersion)));
      for (const [hash, operation] of Object.entries(manifest?.operations ?? {})) list.operations[hash] = operation.body;
      return list;
    });
  }

  /** Counts an unlisted operation; a new hash is kept only while the client has fewer than UNLISTED_LIMITS.perClient. */
  async recordUnlisted(tenantId: string, clientName: string, operation: { hash: string; operationName?: string | undefined; body: string }, at: Date): Promise<void> {
    await withTenant(this.db, tenantId, async (tx) => {
      const updated = await tx
        .update(unlistedOperations)
        .set({ count: sql`${unlistedOperations.count} + 1`, lastSeenAt: at })
        .where(and(eq(unlistedOperations.tenantId, tenantId), eq(unlistedOperations.clientName, clientName), eq(unlistedOperations.hash, operation.hash)))
        .returning({ hash: unlistedOperations.hash });
      if (updated.length) return;
      const [kept] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(unlistedOperations)
        .where(and(eq(unlistedOperations.tenantId, tenantId), eq(unlistedOperations.clientName, clientName)));
      if ((kept?.count ?? 0) >= UNLISTED_LIMITS.perClient) return;
      await tx
        .insert(unlistedOperations)
        .values({ tenantId, clientName, hash: operation.hash, operationName: operation.operationName ?? null, body: operation.body.slice(0, UNLISTED_LIMITS.bodyChars), firstSeenAt: at, lastSeenAt: at })
        .onConflictDoUpdate({
          target: [unlistedOperations.tenantId, unlistedOperations.clientName, unlistedOperations.hash],
          set: { count: sql`${unlistedOperations.count} + 1`, lastSeenAt: at },
        });
    });
  }

  unlisted(tenantId: string, clientName: string): Promise<UnlistedOperationRow[]> {
    return withTenant(this.db, tenantId, (tx) =>
      tx
        .select()
        .from(unlistedOperations)
        .where(and(eq(unlistedOperations.tenantId, tenantId), eq(unlistedOperations.clientName, clientName)))
        .orderBy(desc(unlistedOperations.lastSeenAt))
        .limit(UNLISTED_LIMITS.perClient),
    );
  }
}
