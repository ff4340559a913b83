import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, withTenant } from '@flowgraph/shared';
import { databaseImplementations, type DisposableDatabase } from '../../../test/support/databases.js';
import type { Specification } from '@flowgraph/yawl';
import { workflowsSubgraph } from '../index.js';
import { CaseService } from './case-service.js';
import { inlineEngine } from './engine-runner.js';
import { Conflict } from './errors.js';
import { CaseStore } from '../data/case-store.js';
import { CONCERT_XML } from '../data/demo-specifications.js';
import { storeTestSpecification } from '../data/test-specifications.js';

const actor = { tenantId: demo.tenant.id, userId: demo.users.user.id };

describe.each(databaseImplementations)('CaseService on %s', (_name, open) => {
  let scratch: DisposableDatabase;
  let service: CaseService;
  let spec: { id: string; model: Specification };
  beforeAll(async () => {
    scratch = await open();
    await scratch.database.migrate('workflows', workflowsSubgraph().migrationsFolder);
    spec = await storeTestSpecification(scratch.database.db, { tenantId: actor.tenantId, createdBy: actor.userId, xml: CONCERT_XML, name: 'concert' });
    service = new CaseService(scratch.database.db, () => undefined, inlineEngine());
  });
  afterAll(() => scratch.dispose());

  // Which check refuses the second completion depends on timing (on PGlite the two run one after
  // the other, so it is the engine); case-service-concurrency.test.ts forces the version check itself.
  it('lets exactly one of two concurrent completions of a work item succeed, the other answering CONFLICT', async () => {
    const launched = await service.launch(actor, spec, {});
    const itemId = Object.keys(launched.state.workItems)[0]!;
    await service.run(actor, { workItemId: itemId }, { type: 'startItem', workItemId: itemId, participant: actor.userId }, async () => spec);
    const attempts = await Promise.allSettled(
      [1, 2].map(() => service.run(actor, { workItemId: itemId }, { type: 'completeItem', workItemId: itemId, output: '<BookVenue><venue>Hall</venue></BookVenue>' }, async () => spec)),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const [failure] = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(failure?.reason).toBeInstanceOf(Conflict);
    const history = await withTenant(scratch.database.db, actor.tenantId, (tx) => new CaseStore(tx).history(actor.tenantId, launched.id));
    expect(history.filter((e) => e.type === 'workitem.completed' && e.event.workItemId === itemId)).toHaveLength(1);
    expect(history.map((e) => e.sequence)).toEqual(history.map((_, i) => i + 1));
  });

  it('returns the same case for a retried launch with the same idempotency key', async () => {
    const key = randomUUID();
    const first = await service.launch(actor, spec, {}, key);
    const again = await service.launch(actor, spec, {}, key);
    expect(again.id).toBe(first.id);
  });
});
