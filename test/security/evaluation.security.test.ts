import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { MAPPING, PREDICATE, attackXml } from '../support/evaluation-attack.js';
import type { GraphQLResponse } from '../support/http.js';
import { expectNoInternals } from './support/no-internals.js';
import { startSecurityPlatform, type SecurityPlatform } from './support/platform.js';
import { expectResponsive, underAttack, type AttackReport } from './support/under-attack.js';
import { expectNothingWritten, rowCounts } from './support/writes.js';

const IMPORT = `mutation($x: String!) { importSpecification(xml: $x) { specifications { id } } }`;
const LAUNCH = `mutation($s: ID!) { launchCase(specificationId: $s) { id workItems { id taskId } } }`;
const START = `mutation($id: ID!) { startWorkItem(id: $id) { id } }`;
const COMPLETE = `mutation($id: ID!, $o: JSON) { completeWorkItem(id: $id, output: $o) { status } }`;
const CASE = `query($id: ID!) { case(id: $id) { status data workItems { id taskId status } history { sequence type taskId } } }`;

/** However loaded the machine: a budget of 50 ms of CPU, at most 1 s of wall time, a worker replaced. Unbounded work would be minutes. */
const REFUSED_WITHIN_MS = 10_000;

type Errors = GraphQLResponse['body']['errors'];
const extensionsOf = (errors: Errors) => errors?.[0]?.extensions ?? {};

describe('tenant expressions cannot hold the engine (production mode, real services, default budgets)', () => {
  let platform: SecurityPlatform;
  let attacker: string;
  let bystander: string;
  const timings: string[] = [];

  beforeAll(async () => {
    platform = await startSecurityPlatform();
    attacker = await platform.key.sign({ sub: demo.users.admin.id, tenant: demo.tenant.id, role: 'admin', expiresInSeconds: 3_600 });
    const slug = `bystander-${randomUUID().slice(0, 8)}`;
    const signedUp = await platform.post<{ signUp: { accessToken: string } }>(`mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }`, {
      variables: { i: { tenantName: 'Bystander', tenantSlug: slug, email: `admin@${slug}.test`, name: 'Bystander Admin', password: 'bystander-password-123' } },
    });
    expect(signedUp.body.errors).toBeUndefined();
    bystander = signedUp.body.data!.signUp.accessToken;
  });
  afterAll(async () => {
    process.stdout.write(`evaluation refusals through the gateway:\n  ${timings.join('\n  ')}\n`);
    await platform?.close();
  });

  const importSpec = (xml: string, token = attacker) => platform.post<{ importSpecification: { specifications: { id: string }[] } }>(IMPORT, { token, variables: { x: xml } });
  const complete = (id: string, output: Record<string, unknown>, token = attacker) => platform.post<{ completeWorkItem: { status: string } }>(COMPLETE, { token, variables: { id, o: output } });
  const caseOf = async (id: string, token = attacker) => (await platform.post(CASE, { token, variables: { id } })).body;

  /** A case of `attackXml` with A started: the tenant chooses its expressions' work by what it completes A with. */
  async function armed(token: string): Promise<{ caseId: string; itemA: string }> {
    const imported = await importSpec(attackXml(`urn:probe:evaluation:${randomUUID()}`), token);
    expect(imported.body.errors).toBeUndefined();
    const launched = await platform.post<{ launchCase: { id: string; workItems: { id: string; taskId: string }[] } }>(LAUNCH, {
      token,
      variables: { s: imported.body.data!.importSpecification.specifications[0]!.id },
    });
    expect(launched.body.errors).toBeUndefined();
    const itemA = launched.body.data!.launchCase.workItems.find((item) => item.taskId === 'A')!.id;
    const started = await platform.post(START, { token, variables: { id: itemA } });
    expect(started.body.errors).toBeUndefined();
    return { caseId: launched.body.data!.launchCase.id, itemA };
  }

  const note = (name: string, report: AttackReport<unknown> & { runs: number }) =>
    timings.push(`${name}: ${report.elapsedMs.toFixed(0)} ms (run ${report.runs}; health p95 ${report.health.p95Ms.toFixed(1)} ms, loop delay p99 ${report.loopDelay.p99Ms.toFixed(1)} ms)`);

  it.each([
    ['a 30-million-item quantified range', 'every $i in 1 to 30000000 satisfies $i > 0', /range 1 to 30000000 spans 30,000,000 items/],
    ['a range to 1e15', 'count(1 to 1e15) > 0', /range 1 to 1000000000000000/],
    ['a recursive function', 'declare function local:down($n) { if ($n = 0) then true() else local:down($n - 1) }; local:down(/Net/n)', /local:down is recursive/],
  ])('refuses %s at import with BAD_USER_INPUT / EXPRESSION_UNBOUNDED, quickly, writing nothing', async (name, predicate, reason) => {
    const xml = attackXml(`urn:probe:unbounded:${randomUUID()}`, predicate);
    const before = await rowCounts(platform.databaseUrl);
    const report = await underAttack({ healthUrl: platform.healthUrl }, () => importSpec(xml));
    note(`import of ${name}`, report);
    expectResponsive(report);
    const refused = report.result;
    expect(refused.body.data ?? null).toBeNull();
    expect(extensionsOf(refused.body.errors).code).toBe('BAD_USER_INPUT');
    const issues = extensionsOf(refused.body.errors).issues as { code: string; elementId: string; message: string }[];
    expect(issues).toEqual([expect.objectContaining({ code: 'EXPRESSION_UNBOUNDED', elementId: 'A', message: expect.stringMatching(reason) })]);
    expect(issues[0]!.message).toContain(predicate);
    expect(report.elapsedMs).toBeLessThan(REFUSED_WITHIN_MS);
    expectNoInternals(refused.body, platform.internalUrls);
    expectNothingWritten(before, await rowCounts(platform.databaseUrl));
  });

  describe('what passes the import check but runs without bound', () => {
    let target: { caseId: string; itemA: string };
    beforeAll(async () => {
      target = await armed(attacker);
    });

    it.each([
      ['30 million quantified items', { n: 30_000_000, k: 0 }, PREDICATE],
      ['a range to 1e15', { n: 1e15, k: 0 }, PREDICATE],
      ['a 2-million-item string built by a completed mapping', { n: 1, k: 2_000_000 }, MAPPING],
    ])('refuses completing with %s as CONFLICT / EVALUATION_BUDGET_EXCEEDED naming the task and expression; the case is unchanged', async (name, output, expression) => {
      const caseBefore = await caseOf(target.caseId);
      const before = await rowCounts(platform.databaseUrl);
      const report = await underAttack({ healthUrl: platform.healthUrl }, () => complete(target.itemA, output));
      note(`completion with ${name}`, report);
      expectResponsive(report);
      const refused = report.result;
      expect(refused.body.data ?? null).toBeNull();
      // 50 ms, or twice that when the worker had to load and compile the model first (the one before it was replaced).
      expect(extensionsOf(refused.body.errors)).toMatchObject({ code: 'CONFLICT', engineCode: 'EVALUATION_BUDGET_EXCEEDED', elementId: 'A', expression, budget: expect.stringMatching(/^(50|100) ms$/) });
      expect(refused.body.errors?.[0]?.message).toContain(expression);
      expect(report.elapsedMs).toBeLessThan(REFUSED_WITHIN_MS);
      expectNoInternals(refused.body, platform.internalUrls);
      expectNothingWritten(before, await rowCounts(platform.databaseUrl));
      expect(await caseOf(target.caseId)).toEqual(caseBefore);
    });

    it("answers another tenant's ordinary commands and health checks while one tenant floods over-budget completions", async () => {
      const caseBefore = await caseOf(target.caseId);
      const report = await underAttack({ healthUrl: platform.healthUrl }, async () => {
        let flooding = true;
        const refusals: Errors[] = [];
        // Three at once, again as soon as each is refused: more than the attacker's share of the workers.
        const flood = Array.from({ length: 3 }, async () => {
          while (flooding) refusals.push((await complete(target.itemA, { n: 1e15, k: 0 })).body.errors);
        });
        try {
          // The bystander's whole case, launched, started and completed while the flood runs.
          const started = performance.now();
          const mine = await armed(bystander);
          const completed = await complete(mine.itemA, { n: 2, k: 2 }, bystander);
          return { completed, bystanderMs: performance.now() - started, caseData: await caseOf(mine.caseId, bystander), refusals };
        } finally {
          flooding = false;
          await Promise.all(flood);
        }
      });
      note('flood of 1e15 completions while another tenant runs a case', report);
      expectResponsive(report);
      const { completed, bystanderMs, caseData, refusals } = report.result;
      expect(completed.body.errors).toBeUndefined();
      expect(completed.body.data?.completeWorkItem.status).toBe('COMPLETED');
      expect(caseData).toMatchObject({ data: { case: { status: 'COMPLETED', data: { n: 2, s: 'xx' } } } });
      timings.push(`  the bystander's import, launch, start and completion took ${bystanderMs.toFixed(0)} ms under the flood`);
      expect(refusals.length).toBeGreaterThanOrEqual(3);
      for (const errors of refusals) expect(extensionsOf(errors)).toMatchObject({ code: 'CONFLICT', engineCode: 'EVALUATION_BUDGET_EXCEEDED', elementId: 'A', expression: PREDICATE });
      expect(await caseOf(target.caseId)).toEqual(caseBefore);
    }, 120_000);
  });
});
