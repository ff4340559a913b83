/**
 * Per-tenant fairness of the evaluation pool: tenant B's ordinary work-item completions (the demo
 * concert, through the mutation resolvers' path on real Postgres) measured alone, then while
 * tenant A floods the engine with over-budget expressions (refused after the budget, their worker
 * replaced) and near-budget ones (that just make it). Prints B's p50/p95 in both and the ratios.
 *
 *   npx tsx bench/evaluation.ts [--seconds 20] [--completions 600] [--b-concurrency 4] [--a-concurrency 8]
 *
 * The budget and pool size are the served ones (YAWL_EVALUATION_BUDGET_MS, …).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import fontoxpath from 'fontoxpath';
import { Document } from 'slimdom';
import { workflowsOptionsFromEnv, workflowsSubgraph } from '../subgraphs/workflows/index.js';
import { CaseService } from '../subgraphs/workflows/app/case-service.js';
import { EvaluationBudgetExceeded } from '../subgraphs/workflows/app/errors.js';
import { EvaluationPool } from '../subgraphs/workflows/app/evaluation-pool.js';
import { verifiedSpecification } from '../subgraphs/workflows/data/seed.js';
import { SpecificationRepository } from '../subgraphs/workflows/data/specification-repository.js';
import { specificationIdentity } from '../subgraphs/workflows/domain/specification-identity.js';
import { PREDICATE, attackXml } from '../test/support/evaluation-attack.js';
import { postgresServerUrl, QueryCounter, scratchPostgres } from './lib/database.js';
import { runBounded, type Bounds } from './lib/runner.js';
import { ratio, table } from './lib/stats.js';
import { benchModel, installFixture, serviceWork } from './lib/workload.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    completions: { type: 'string', default: '600' },
    'b-concurrency': { type: 'string', default: '4' },
    'a-concurrency': { type: 'string', default: '8' },
  },
});
const out = (line = '') => process.stdout.write(`${line}\n`);
const bounds: Bounds = { count: Number(args.completions), seconds: Number(args.seconds) };
const bConcurrency = Number(args['b-concurrency']);
const aConcurrency = Number(args['a-concurrency']);

/** `n` for which PREDICATE takes about `ms` on this machine, measured on this thread. */
function itemsFor(ms: number): number {
  const doc = new Document();
  const probe = 200_000;
  const started = performance.now();
  fontoxpath.evaluateXPathToBoolean(`every $i in 1 to ${probe} satisfies $i > 0`, doc, null, null, { language: fontoxpath.evaluateXPath.XQUERY_3_1_LANGUAGE });
  return Math.max(1, Math.round((probe * ms) / (performance.now() - started)));
}

async function main(): Promise<void> {
  const served = workflowsOptionsFromEnv();
  const pool = new EvaluationPool({ budgetMs: served.YAWL_EVALUATION_BUDGET_MS, memoryMb: served.YAWL_EVALUATION_MEMORY_MB, size: served.YAWL_EVALUATION_WORKERS });
  const bench = await scratchPostgres(postgresServerUrl(), new QueryCounter());
  process.once('SIGINT', () => void bench.dispose().finally(() => process.exit(130)));
  try {
    const db = bench.database.db;
    await bench.database.migrate('workflows', workflowsSubgraph().migrationsFolder);
    await pool.started();
    const tenantB = await installFixture(db, benchModel(), pool);

    // Tenant A: the attack specification, completions whose data decides how long the predicate runs.
    const a = { tenantId: randomUUID(), userId: randomUUID() };
    const xml = attackXml(`urn:bench:attack:${randomUUID()}`);
    const model = verifiedSpecification(xml);
    const row = await new SpecificationRepository(db).insert({ tenantId: a.tenantId, ...specificationIdentity(model), name: 'attack', createdBy: a.userId, xml, model });
    const spec = { id: row.id, model };
    const cases = new CaseService(db, () => undefined, pool);
    const nearBudget = itemsFor(served.YAWL_EVALUATION_BUDGET_MS * 0.6);
    const tally = { refused: 0, completed: 0, other: 0 };
    let flooding = true;
    const floodLane = async (lane: number) => {
      let item: string | undefined;
      for (let round = 0; flooding; round++) {
        if (!item) {
          const launched = await cases.launch(a, spec, {});
          item = Object.keys(launched.state.workItems)[0]!;
          await cases.run(a, { workItemId: item }, { type: 'startItem', workItemId: item, participant: a.userId }, async () => spec);
        }
        const n = (round + lane) % 2 === 0 ? 1e15 : nearBudget;
        try {
          await cases.run(a, { workItemId: item }, { type: 'completeItem', workItemId: item, output: `<Work><n>${n}</n><k>0</k></Work>` }, async () => spec);
          tally.completed++;
          item = undefined;
        } catch (error) {
          if (error instanceof EvaluationBudgetExceeded) tally.refused++;
          else tally.other++;
        }
      }
    };

    out('# evaluation budgets: tenant B\'s completions alone, then while tenant A floods over- and near-budget expressions');
    out(`pool     : ${served.YAWL_EVALUATION_WORKERS ?? 'default'} workers (YAWL_EVALUATION_WORKERS), budget ${served.YAWL_EVALUATION_BUDGET_MS} ms, ${served.YAWL_EVALUATION_MEMORY_MB} MB each; a tenant holds all workers but one at most`);
    out(`tenant A : ${aConcurrency} lanes alternating "${PREDICATE}" with n = 1e15 (over budget) and n = ${nearBudget.toLocaleString('en')} (~60% of the budget)`);
    out(`tenant B : ${bConcurrency} lanes of launch + start/complete on the demo concert; latency per completion = startItem + completeItem`);
    out();

    const work = serviceWork(tenantB, 'graphql');
    await runBounded('warm-up', bConcurrency, { count: 100, seconds: 5 }, work);
    const alone = await runBounded('B alone', bConcurrency, bounds, work);
    const lanes = Array.from({ length: aConcurrency }, (_, i) => floodLane(i));
    // Let the flood reach its steady state (workers busy, others being replaced) before measuring.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const flooded = await runBounded('B while A floods', bConcurrency, bounds, work);
    flooding = false;
    await Promise.all(lanes);

    out(table([alone, flooded], [{ header: 'p50 ÷ alone', cell: (r) => ratio(r.p50 / alone.p50) }, { header: 'p95 ÷ alone', cell: (r) => ratio(r.p95 / alone.p95) }]));
    out();
    out(`B p50 ${alone.p50.toFixed(2)} → ${flooded.p50.toFixed(2)} ms (${ratio(flooded.p50 / alone.p50)}), p95 ${alone.p95.toFixed(2)} → ${flooded.p95.toFixed(2)} ms (${ratio(flooded.p95 / alone.p95)}), throughput ${alone.perSecond.toFixed(0)} → ${flooded.perSecond.toFixed(0)}/s (${ratio(flooded.perSecond / alone.perSecond)})`);
    out(`A meanwhile: ${tally.refused} refused over budget (EVALUATION_BUDGET_EXCEEDED), ${tally.completed} near-budget completions, ${tally.other} other failures`);
  } finally {
    await pool.close();
    await bench.dispose();
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exitCode = 1;
});
