import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache, RedisCache, demo, openDatabase, type Cache, type Database } from '@flowgraph/shared';
import { requireService } from '../../../test/support/services.js';
import { CONCERT as CONCERT_FILE, readSpecification } from '@flowgraph/yawl/testing/fixtures';
import { workflowsSubgraph } from '../index.js';
import type { SpecificationRow } from '../data/schema.js';
import { SpecificationCatalog } from './specification-import.js';
import { SpecificationRepository } from '../data/specification-repository.js';

const caches: [string, () => Cache][] = [
  ['memory', () => new MemoryCache()],
  ['redis', () => new RedisCache(requireService('REDIS_URL'), `catalog-${randomUUID()}:`)],
];

const UID = CONCERT_FILE.identifier;
/** The test concert: uri "SummerConcert", metaData identifier UID, version 0.2. */
const CONCERT = readSpecification('concert');
const withVersion = (xml: string, version: string) => xml.replace('<version>0.2</version>', `<version>${version}</version>`);

/**
 * Models are cached per specification row (Redis in production) and tagged by the specification's
 * identifier, YAWL's versioning key: a new version drops what was cached for the others, whatever
 * its uri, and a different specification that only shares the uri drops nothing.
 */
describe.each(caches)('specification catalog cached in %s', (_name, create) => {
  let database: Database;
  let cache: Cache;
  let catalog: SpecificationCatalog;
  beforeAll(async () => {
    database = await openDatabase();
    await database.migrate('workflows', workflowsSubgraph().migrationsFolder);
    cache = create();
    catalog = new SpecificationCatalog(database.db, new SpecificationRepository(database.db), cache);
  });
  afterAll(async () => {
    await cache?.close();
    await database?.close();
  });

  const importOne = async (tenantId: string, xml: string): Promise<SpecificationRow> => (await catalog.importSet(tenantId, demo.users.user.id, xml)).rows[0]!;
  const cachedModel = (row: SpecificationRow) => cache.get(`workflows:spec-model:${row.id}`);

  it('caches a model and drops it when a new version of the same identifier is uploaded, even under another uri', async () => {
    const tenantId = randomUUID();
    const first = await importOne(tenantId, CONCERT);
    expect(first).toMatchObject({ identifier: UID, version: '0.2', uri: 'SummerConcert' });
    expect((await catalog.model(first))?.meta.identifier).toBe(UID);
    expect(await cachedModel(first)).toMatchObject({ uri: 'SummerConcert', meta: { version: '0.2' } });

    // Another specification that only shares the uri (and version) is no version of this one.
    const namesake = await importOne(tenantId, CONCERT.replace(UID, 'UID_namesake'));
    expect(namesake).toMatchObject({ identifier: 'UID_namesake', version: '0.2', uri: 'SummerConcert' });
    expect(await cachedModel(first)).toBeDefined();

    const next = await importOne(tenantId, withVersion(CONCERT, '0.3').replace('uri="SummerConcert"', 'uri="ConcertRenamed"'));
    expect(next).toMatchObject({ identifier: UID, version: '0.3', uri: 'ConcertRenamed' });
    expect(await cachedModel(first)).toBeUndefined();
    // The earlier version is still what its cases run on: read again, cached again.
    expect((await catalog.model(first))?.meta.version).toBe('0.2');
    expect(await cachedModel(first)).toBeDefined();
  });

  it("leaves another tenant's cached model of the same identifier alone", async () => {
    const [mine, theirs] = [randomUUID(), randomUUID()];
    const kept = await importOne(theirs, CONCERT);
    await catalog.model(kept);
    await importOne(mine, CONCERT);
    await importOne(mine, withVersion(CONCERT, '0.3'));
    expect(await cachedModel(kept)).toBeDefined();
  });
});
