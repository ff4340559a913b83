import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '@flowgraph/shared';
import { refreshTokens, type RefreshTokenRow } from './schema.js';

/** Refresh-token rows. Lookups by hash precede knowing the tenant; every write is tenant-scoped. */
export class RefreshTokenStore {
  constructor(private readonly db: Db) {}

  async insert(row: { tenantId: string; userId: string; familyId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await this.db.insert(refreshTokens).values(row);
  }

  /** Locks the row so two concurrent refreshes of one token cannot both rotate it. */
  async byHashForUpdate(tokenHash: string): Promise<RefreshTokenRow | undefined> {
    const [row] = await this.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).for('update');
    return row;
  }

  async byHash(tokenHash: string): Promise<RefreshTokenRow | undefined> {
    const [row] = await this.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
    return row;
  }

  async markRotated(tenantId: string, id: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(refreshTokens)
      .set({ rotatedAt: at })
      .where(and(eq(refreshTokens.tenantId, tenantId), eq(refreshTokens.id, id), isNull(refreshTokens.rotatedAt)))
      .returning({ id: refreshTokens.id });
    return rows.length === 1;
  }

  async revokeFamily(tenantId: string, familyId: string, at: Date): Promise<number> {
    const rows = await this.db
      .update(refreshTokens)
      .set({ revokedAt: at })
      .where(and(eq(refreshTokens.tenantId, tenantId), eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
      .returning({ id: refreshTokens.id });
    return rows.length;
  }

  /** A family, only if it is the user's: a session id from a token is never trusted to name someone else's. */
  async revokeFamilyOfUser(tenantId: string, userId: string, familyId: string, at: Date): Promise<number> {
    const rows = await this.db
      .update(refreshTokens)
      .set({ revokedAt: at })
      .where(and(eq(refreshTokens.tenantId, tenantId), eq(refreshTokens.userId, userId), eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
      .returning({ id: refreshTokens.id });
    return rows.length;
  }

  /**
   * Revokes the user's refresh tokens of every sign-in but `keepFamilyId` (every one without it);
   * resolves to how many tokens, and the sign-ins they belonged to, whose access tokens must end too.
   */
  async revokeOtherSessionsOfUser(tenantId: string, userId: string, keepFamilyId: string | undefined, at: Date): Promise<{ tokens: number; familyIds: string[] }> {
    const rows = await this.db
      .update(refreshTokens)
      .set({ revokedAt: at })
      .where(
        and(
          eq(refreshTokens.tenantId, tenantId),
          eq(refreshTokens.userId, userId),
          isNull(refreshTokens.revokedAt),
          keepFamilyId ? ne(refreshTokens.familyId, keepFamilyId) : undefined,
        ),
      )
      .returning({ familyId: refreshTokens.familyId });
    return { tokens: rows.length, familyIds: [...new Set(rows.map((row) => row.familyId))] };
  }

  familyOf(tenantId: string, familyId: string): Promise<RefreshTokenRow[]> {
    return this.db
      .select()
      .from(refreshTokens)
      .where(and(eq(refreshTokens.tenantId, tenantId), eq(refreshTokens.familyId, familyId)));
  }
}
