import { hash } from '@node-rs/argon2';
import { demo } from '@flowgraph/shared';
import type { IdentityRepository } from './identity-repository.js';

/** Idempotent: rows with the demo ids are left as they are. */
export async function seedIdentity(repo: IdentityRepository): Promise<void> {
  await repo.upsertTenant(demo.tenant);
  const passwordHash = await hash(demo.password);
  for (const user of Object.values(demo.users)) {
    await repo.upsertUser({ ...user, tenantId: demo.tenant.id, passwordHash });
  }
}
