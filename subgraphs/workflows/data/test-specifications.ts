import { randomUUID } from 'node:crypto';
import type { Db } from '@flowgraph/shared';
import type { Specification } from '@flowgraph/yawl';
import { verifiedSpecification } from './seed.js';
import { SpecificationRepository } from './specification-repository.js';

/**
 * For tests that drive CaseService on a scratch database: stores the specification in `xml`,
 * verified like an upload, under an identifier of its own, so every call is a specification
 * apart (repeated runs and several tenants never collide on identifier + version).
 */
export async function storeTestSpecification(db: Db, options: { tenantId: string; createdBy: string; xml: string; name: string }): Promise<{ id: string; model: Specification }> {
  const model = verifiedSpecification(options.xml);
  const row = await new SpecificationRepository(db).insert({
    tenantId: options.tenantId,
    identifier: `${model.uri}:${randomUUID()}`,
    version: model.meta.version,
    uri: model.uri,
    name: options.name,
    createdBy: options.createdBy,
    model,
  });
  return { id: row.id, model };
}
