import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase } from '@flowgraph/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchPostgres, type DisposableDatabase } from '../../../test/support/databases.js';
import { MAPPING, PREDICATE, attackXml } from '../../../test/support/evaluation-attack.js';
import { principal, startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { workflowsSubgraph } from '../index.js';

/** CPU time per command: generous, every ordinary command here takes a few ms. */
const BUDGET_MS = 300;
/** How long a refusal may take at most: the budget, a worker replaced, a slow CI machine. */
const REFUSED_WITHIN_MS = 60_000;

type Result = { data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };

describe('evaluation budgets: tenant expressions cannot hold the engine', () => {
  let scratch: DisposableDatabase & { url: string };
  let h: Harness<Context>;
  const attacker = principal(randomUUID(), randomUUID(), 'admin');
  const bystander = principal(randomUUID(), randomUUID(), 'admin');

  beforeAll(async () => {
    scratch = await scratchPostgres();
    h = await startHarness(workflowsSubgraph({ YAWL_EVALUATION_BUDGET_MS: BUDGET_MS, YAWL_EVALUATION_WORKERS: 2 }), { database: await openDatabase({ url: scratch.url }), seed: false });
  });
  afterAll(async () => {
    await h.close();
    await scratch.dispose();
  });

  const importSpec = (xml: string, as = attacker) =>
    h.run<{ importSpecification: { specifications: { id: string }[] } }>(`mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`, { x: xml }, as);

  async function launchAt(specificationId: string, as = attacker): Promise<{ caseId: string; itemA: string }> {
    const launched = await h.run<{ launchCase: { id: string; workItems: { id: string; taskId: string }[] } }>(
      `mutation($s: ID!) { launchCase(specificationId: $s) { id workItems { id taskId } } }`,
      { s: specificationId },
      as,
    );
    expect(launched.errors).toBeUndefined();
    const item = launched.data!.launchCase.workItems.find((i) => i.taskId === 'A')!;
    const started = await h.run(`mutation($id: ID!) { startWorkItem(id: $id) { id } }`, { id: item.id }, as);
    expect(started.errors).toBeUndefined();
    return { caseId: launched.data!.launchCase.id, itemA: item.id };
  }

  const complete = (id: string, output: Record<string, unknown>, as = attacker) =>
    h.run<{ completeWorkItem: { status: string } }>(`mutation($id: ID!, $o: JSON) { completeWorkItem(id: $id, output: $o) { status } }`, { id, o: output }, as);

  async function rowsOf(caseId: string) {
    const rows = async <T>(query: ReturnType<typeof sql>) => ((await scratch.database.db.execute(query)) as { rows: T[] }).rows;
    return {
      version: (await rows<{ version: number }>(sql`select version from workflows.cases where id = ${caseId}`))[0]!.version,
      events: (await rows<{ n: number }>(sql`select count(*)::int as n from workflows.case_events where case_id = ${caseId}`))[0]!.n,
      outbox: (await rows<{ n: number }>(sql`select count(*)::int as n from workflows.outbox where key = ${caseId}`))[0]!.n,
      items: await rows(sql`select id, status, updated_at from workflows.work_items where case_id = ${caseId} order by id`),
    };
  }

  /** Runs a command that must be refused as over budget: the error, after checking it was quick and wrote nothing. */
  async function overBudget(caseId: string, command: () => Promise<Result>) {
    const before = await rowsOf(caseId);
    const started = Date.now();
    const result = await command();
    expect(Date.now() - started).toBeLessThan(REFUSED_WITHIN_MS);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', engineCode: 'EVALUATION_BUDGET_EXCEEDED', elementId: 'A' });
    expect(await rowsOf(caseId)).toEqual(before);
    return result.errors![0]!;
  }

  it.each([
    ['a 30-million-item quantified range', 'every $i in 1 to 30000000 satisfies $i > 0', /range 1 to 30000000 spans 30,000,000 items/],
    ['a range to 1e15', 'count(1 to 1e15) > 0', /range 1 to 1000000000000000/],
    ['a recursive function', 'declare function local:down($n) { if ($n = 0) then true() else local:down($n - 1) }; local:down(/Net/n)', /local:down is recursive/],
  ])('refuses %s at import as EXPRESSION_UNBOUNDED, writing nothing', async (_name, predicate, reason) => {
    const uri = `urn:test:unbounded:${randomUUID()}`;
    const result = await importSpec(attackXml(uri, predicate));
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const issues = result.errors![0]!.extensions!.issues as { code: string; elementId: string; message: string }[];
    expect(issues).toEqual([expect.objectContaining({ code: 'EXPRESSION_UNBOUNDED', elementId: 'A', message: expect.stringMatching(reason) })]);
    expect(issues[0]!.message).toContain(predicate);
    const stored = (await scratch.database.db.execute(sql`select count(*)::int as n from workflows.specifications where uri = ${uri}`)) as { rows: { n: number }[] };
    expect(stored.rows[0]!.n).toBe(0);
  });

  it('stops what runs over budget at run time (30M every, a range to 1e15, a 2-million-item string), names it, writes nothing, and serves the next command', async () => {
    const imported = await importSpec(attackXml(`urn:test:budget:${randomUUID()}`));
    expect(imported.errors).toBeUndefined();
    const { caseId, itemA } = await launchAt(imported.data!.importSpecification.specifications[0]!.id);

    const every = await overBudget(caseId, () => complete(itemA, { n: 30_000_000, k: 0 }));
    expect(every.extensions).toMatchObject({ expression: PREDICATE, budget: `${BUDGET_MS} ms` });
    expect(every.message).toContain(PREDICATE);
    const huge = await overBudget(caseId, () => complete(itemA, { n: 1e15, k: 0 }));
    expect(huge.extensions).toMatchObject({ expression: PREDICATE });
    const string = await overBudget(caseId, () => complete(itemA, { n: 1, k: 2_000_000 }));
    expect(string.extensions).toMatchObject({ expression: MAPPING });

    // The engine still serves the case, and the command goes through once its data is reasonable.
    const done = await complete(itemA, { n: 3, k: 3 });
    expect(done.errors).toBeUndefined();
    expect(done.data!.completeWorkItem.status).toBe('COMPLETED');
    // The predicate held: the empty task B ran and the case completed.
    const after = await h.run<{ case: { status: string; data: Record<string, unknown> } }>(
      `query($id: ID!) { case(id: $id) { status data } }`,
      { id: caseId },
      attacker,
    );
    expect(after.data!.case.status).toBe('COMPLETED');
    expect(after.data!.case.data).toMatchObject({ n: 3, s: 'xxx' });
  }, 300_000);

  it('answers another tenant and a health check while one tenant\'s expression runs over budget', async () => {
    const theirs = await importSpec(attackXml(`urn:test:attacker:${randomUUID()}`));
    const ours = await importSpec(attackXml(`urn:test:bystander:${randomUUID()}`), bystander);
    const attack = await launchAt(theirs.data!.importSpecification.specifications[0]!.id);
    const mine = await launchAt(ours.data!.importSpecification.specifications[0]!.id, bystander);

    let attackEnded = 0;
    const attacking = complete(attack.itemA, { n: 1e15, k: 0 }).then((result) => {
      attackEnded = Date.now();
      return result;
    });
    // Both answered while the attack is still running: the health check (a read) and the other tenant's completion.
    const health = await h.run<{ specifications: { id: string }[] }>(`{ specifications { id } }`, undefined, bystander);
    expect(health.errors).toBeUndefined();
    const completed = await complete(mine.itemA, { n: 1, k: 1 }, bystander);
    const answeredAt = Date.now();
    expect(completed.errors).toBeUndefined();
    expect(completed.data!.completeWorkItem.status).toBe('COMPLETED');
    expect(attackEnded).toBe(0);

    const refused = await attacking;
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', engineCode: 'EVALUATION_BUDGET_EXCEEDED', elementId: 'A', expression: PREDICATE });
    expect(attackEnded).toBeGreaterThanOrEqual(answeredAt);
  }, 120_000);
});
