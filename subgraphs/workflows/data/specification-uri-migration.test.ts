import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, isUniqueViolation } from '@flowgraph/shared';
import { databaseImplementations, type DisposableDatabase } from '../../../test/support/databases.js';
import type { Specification } from '@flowgraph/yawl';
import { readSpecification } from '@flowgraph/yawl/testing/fixtures';
import { workflowsSubgraph } from '../index.js';
import { CONCERT_XML } from './demo-specifications.js';
import { specifications } from './schema.js';
import { verifiedSpecification } from './seed.js';

const BEFORE = '0008_unnumbered_events_index';

/** A copy of the migrations folder whose journal ends at `lastTag`: the schema as an older release left it. */
function migrationsUpTo(lastTag: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'workflows-migrations-'));
  cpSync(workflowsSubgraph().migrationsFolder, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
  expect(last).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, last + 1) }));
  return folder;
}

/** The test concert: uri "SummerConcert", a metaData identifier, version 0.2. */
const concert = verifiedSpecification(readSpecification('concert'));
const CONCERT_UID = concert.meta.identifier!;
const concertVersion = (version: string): Specification => ({ ...concert, meta: { ...concert.meta, version } });
/** No metaData identifier, as in YAWL Beta files. */
const beta = verifiedSpecification(CONCERT_XML);

describe.each(databaseImplementations)('migration 0009 (specification uri) on %s', (_name, open) => {
  let scratch: DisposableDatabase;
  let older: string;
  const otherTenant = randomUUID();
  /** Rows as releases before 0009 wrote them: the uri in `identifier`, no `uri` column. */
  const rows = [
    { name: 'concert 0.2', tenantId: demo.tenant.id, identifier: 'SummerConcert', model: concert, at: '2026-01-01T00:00:00Z' },
    { name: 'concert 0.3', tenantId: demo.tenant.id, identifier: 'SummerConcert', model: concertVersion('0.3'), at: '2026-01-02T00:00:00Z' },
    // Concert 0.2 again under another uri, which the uri key let in: it cannot take the identifier too.
    { name: 'concert copy', tenantId: demo.tenant.id, identifier: 'SummerConcertCopy', model: concert, at: '2026-01-03T00:00:00Z' },
    { name: 'concert elsewhere', tenantId: otherTenant, identifier: 'SummerConcert', model: concert, at: '2026-01-04T00:00:00Z' },
    { name: 'beta', tenantId: demo.tenant.id, identifier: beta.uri, model: beta, at: '2026-01-05T00:00:00Z' },
    { name: 'placeholder', tenantId: demo.tenant.id, identifier: 'urn:test:placeholder', model: null, at: '2026-01-06T00:00:00Z' },
  ];

  beforeAll(async () => {
    scratch = await open();
    older = migrationsUpTo(BEFORE);
    await scratch.database.migrate('workflows', older);
    for (const row of rows) {
      const model = row.model === null ? null : JSON.stringify(row.model);
      await scratch.database.db.execute(sql`
        insert into workflows.specifications (tenant_id, identifier, version, name, created_by, created_at, model)
        values (${row.tenantId}, ${row.identifier}, ${row.model?.meta.version ?? '1.0'}, ${row.name}, ${demo.users.admin.id}, ${row.at}::timestamptz, ${model}::jsonb)`);
    }
    await scratch.database.migrate('workflows', workflowsSubgraph().migrationsFolder);
  });
  afterAll(async () => {
    await scratch?.dispose();
    if (older) rmSync(older, { recursive: true, force: true });
  });

  it('gives existing rows their uri, and their metaData identifier where the model has one', async () => {
    const migrated = await scratch.database.db
      .select({ name: specifications.name, identifier: specifications.identifier, version: specifications.version, uri: specifications.uri })
      .from(specifications)
      .orderBy(asc(specifications.createdAt));
    expect(migrated).toEqual([
      { name: 'concert 0.2', identifier: CONCERT_UID, version: '0.2', uri: 'SummerConcert' },
      { name: 'concert 0.3', identifier: CONCERT_UID, version: '0.3', uri: 'SummerConcert' },
      { name: 'concert copy', identifier: 'SummerConcertCopy', version: '0.2', uri: 'SummerConcertCopy' },
      { name: 'concert elsewhere', identifier: CONCERT_UID, version: '0.2', uri: 'SummerConcert' },
      { name: 'beta', identifier: beta.uri, version: beta.meta.version, uri: beta.uri },
      { name: 'placeholder', identifier: 'urn:test:placeholder', version: '1.0', uri: 'urn:test:placeholder' },
    ]);
  });

  it('keeps (tenant, identifier, version) unique', async () => {
    const duplicate = { tenantId: demo.tenant.id, identifier: CONCERT_UID, version: '0.2', uri: 'SummerConcertAgain', name: 'again', createdBy: demo.users.admin.id };
    const refused = await scratch.database.db
      .insert(specifications)
      .values(duplicate)
      .then(() => undefined, (error: unknown) => error);
    expect(isUniqueViolation(refused)).toBe(true);
  });
});
