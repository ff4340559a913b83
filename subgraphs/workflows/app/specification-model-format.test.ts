import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache, demo, openDatabase, type Database } from '@flowgraph/shared';
import { MODEL_FORMAT, type NetDecomposition, type Specification } from '@flowgraph/yawl';
import { SHIPMENT, readSpecification } from '@flowgraph/yawl/testing/fixtures';
import { workflowsSubgraph } from '../index.js';
import { specifications, type SpecificationRow } from '../data/schema.js';
import { SpecificationCatalog } from './specification-import.js';
import { SpecificationRepository } from '../data/specification-repository.js';

/** The shipment's task whose resourcing grants everyone canSkip, which parsers before format 2 ignored. */
const SKIPPABLE = SHIPMENT.skippable;

/**
 * Models stored by an older parser (no `format`, or a lower one) are made again from their XML
 * when loaded, so a parser fix reaches specifications imported before it; one whose XML the
 * current parser or verifier refuses keeps the model it was imported and launched with.
 */
describe('stored models of an older form', () => {
  let database: Database;
  const repo = () => new SpecificationRepository(database.db);
  /** A catalog with nothing cached, as after a restart. */
  const freshCatalog = () => new SpecificationCatalog(database.db, repo(), new MemoryCache());
  beforeAll(async () => {
    database = await openDatabase();
    await database.migrate('workflows', workflowsSubgraph().migrationsFolder);
  });
  afterAll(() => database?.close());

  const skipGrant = (model: Specification | undefined) => {
    const net = model?.decompositions[SKIPPABLE.net] as NetDecomposition | undefined;
    const task = net?.elements[SKIPPABLE.task];
    return task?.kind === 'task' ? task.resourcing?.privileges?.canSkip : undefined;
  };

  /** Imports `xml`, then rewrites the row as an older release left it: its model without format or privileges, and `xml` as given. */
  async function storedByOlderRelease(xml: string, storedXml = xml): Promise<SpecificationRow> {
    const tenantId = randomUUID();
    const [row] = (await freshCatalog().importSet(tenantId, demo.users.user.id, xml)).rows;
    const model = structuredClone((await repo().model(tenantId, row!.id))!);
    delete model.format;
    for (const decomposition of Object.values(model.decompositions)) {
      if (decomposition.kind !== 'net') continue;
      for (const element of Object.values(decomposition.elements)) if (element.kind === 'task' && element.resourcing) delete element.resourcing.privileges;
    }
    await database.db.update(specifications).set({ model, xml: storedXml }).where(and(eq(specifications.tenantId, tenantId), eq(specifications.id, row!.id)));
    return { ...row!, xml: storedXml };
  }

  it('makes the model again from its XML, with what the current parser reads, and stores it so', async () => {
    const row = await storedByOlderRelease(readSpecification('shipment'));
    expect(skipGrant(await repo().model(row.tenantId, row.id))).toBeUndefined();

    const model = await freshCatalog().model(row);
    expect(model?.format).toBe(MODEL_FORMAT);
    expect(skipGrant(model)).toEqual({ all: true, roles: [], participants: [] });
    // Stored: the next instance reads it as it is.
    const stored = await repo().model(row.tenantId, row.id);
    expect(stored?.format).toBe(MODEL_FORMAT);
    expect(skipGrant(stored)).toEqual({ all: true, roles: [], participants: [] });
  });

  it('keeps the stored model when its XML no longer parses or verifies', async () => {
    const concert = readSpecification('concert');
    // A work-day timer: accepted, with a warning, by the releases before format 2; an import error since.
    const workdays = concert.replace('<decomposesTo id="HireVenue" />', '<timer><trigger>OnEnabled</trigger><duration>P1D</duration><workdays>true</workdays></timer><decomposesTo id="HireVenue" />');
    expect(workdays).not.toBe(concert);
    for (const storedXml of ['<specificationSet/>', workdays]) {
      const row = await storedByOlderRelease(concert, storedXml);
      const before = await repo().model(row.tenantId, row.id);
      const model = await freshCatalog().model(row);
      expect(model).toEqual(before);
      expect(model?.format).toBeUndefined();
      expect(await repo().model(row.tenantId, row.id)).toEqual(before);
    }
  });
});
