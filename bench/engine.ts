/**
 * Work-item completions per second and latency of the workflows case service on a real database,
 * against two baselines measured in the same run:
 *   A  the pure engine alone (launch + start + complete in memory): the ceiling;
 *   B  one `select 1` transaction under withTenant: the floor a database round trip sets.
 * Measured: the same cases driven through CaseService as the GraphQL mutations drive it, the
 * engine on its evaluation worker pool under the served budget (YAWL_EVALUATION_*), as served;
 * M⁰ rows run the engine on the calling thread instead, as before evaluation budgets, so what
 * the pool adds is measured in the same run.
 *
 * M and M⁰ rows of a concurrency are measured in alternating slices (--rounds each), so load
 * from elsewhere on the machine weighs on both alike.
 *
 *   npx tsx bench/engine.ts [--pglite] [--completions 2000] [--seconds 20] [--concurrency 1,4,8,16] [--warmup 150] [--rounds 4]
 *
 * Postgres is DATABASE_URL, else the repository's native instance (services.sh up postgres).
 * --pglite measures embedded PGlite instead, for comparison; the goal is judged on Postgres only.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { MemoryEventBus, OutboxRelay, createLogger } from '@flowgraph/shared';
import { caseEventNumbering, sequencedForPublishing } from '../subgraphs/workflows/data/case-event-sequencer.js';
import { outbox } from '../subgraphs/workflows/data/schema.js';
import type { Specification } from '@flowgraph/yawl';
import { workflowsOptionsFromEnv, workflowsSubgraph } from '../subgraphs/workflows/index.js';
import { inlineEngine, type EngineRunner } from '../subgraphs/workflows/app/engine-runner.js';
import { EvaluationPool } from '../subgraphs/workflows/app/evaluation-pool.js';
import { postgresServerUrl, QueryCounter, scratchPglite, scratchPostgres, type BenchDatabase } from './lib/database.js';
import { runBounded, runInterleaved, type Bounds, type Work } from './lib/runner.js';
import { ratio, table, type Summary } from './lib/stats.js';
import { benchModel, engineWork, installFixture, roundTripWork, serviceWork, TASKS_PER_CASE, type SpecPath } from './lib/workload.js';

const GOAL = { perSecond: 500, p95Ms: 20 };

const { values: args } = parseArgs({
  options: {
    pglite: { type: 'boolean', default: false },
    completions: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '1,4,8,16' },
    warmup: { type: 'string', default: '150' },
    rounds: { type: 'string', default: '4' },
  },
});

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${text}`);
  return value;
}

const bounds: Bounds = { count: positive('completions', args.completions), seconds: positive('seconds', args.seconds) };
// Warm-up is short and time-capped too: it only has to get JIT, pool and plan caches going.
const warmup: Bounds = { count: positive('warmup', args.warmup), seconds: 3 };
const concurrencies = args.concurrency.split(',').map((c) => Math.round(positive('concurrency', c)));
const out = (line = '') => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stderr.write(`… ${line}\n`);

interface Measured extends Summary {
  /** A: engine baseline, B: round-trip baseline, M: measured service. */
  kind: 'A' | 'B' | 'M';
  transactionsPerCompletion: number;
  statementsPerCompletion: number;
  /** CPU ms per op of this process, and of the database backends when they can be read. */
  clientCpuMs: number;
  serverCpuMs: number | undefined;
}

/**
 * CPU the backends used between two readings: a backend opened since counts from zero; one the pool
 * closed meanwhile is lost, so the figure can only err low.
 */
function backendCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

async function measure(bench: BenchDatabase, kind: Measured['kind'], label: string, concurrency: number, work: Work, counter: QueryCounter): Promise<Measured> {
  progress(`${label}, concurrency ${concurrency}`);
  await runBounded(label, concurrency, warmup, work);
  counter.reset();
  const [clientBefore, serverBefore] = [process.cpuUsage(), await bench.serverCpuMs()];
  const summary = await runBounded(label, concurrency, bounds, work);
  const [client, serverAfter] = [process.cpuUsage(clientBefore), await bench.serverCpuMs()];
  return {
    ...summary,
    kind,
    transactionsPerCompletion: counter.transactions / summary.count,
    statementsPerCompletion: counter.statements / summary.count,
    clientCpuMs: (client.user + client.system) / 1000 / summary.count,
    serverCpuMs: serverBefore && serverAfter ? backendCpuBetween(serverBefore, serverAfter) / summary.count : undefined,
  };
}

/**
 * M (the pool) and M⁰ (the engine inline) in alternating slices; the query counts and CPU figures
 * are of both together (the same statements either way), the client CPU of each.
 */
async function measurePair(bench: BenchDatabase, concurrency: number, pooled: Work, inline: Work, counter: QueryCounter): Promise<[Measured, Measured]> {
  progress(`M and M⁰ interleaved, concurrency ${concurrency}`);
  await runBounded('M warm-up', concurrency, warmup, pooled);
  await runBounded('M⁰ warm-up', concurrency, warmup, inline);
  counter.reset();
  const serverBefore = await bench.serverCpuMs();
  const rows = [
    { label: 'M  mutation resolvers → CaseService', work: pooled },
    { label: 'M⁰ the same, engine inline (no budget)', work: inline },
  ];
  const [m, m0] = await runInterleaved(rows, concurrency, bounds, positive('rounds', args.rounds));
  const serverAfter = await bench.serverCpuMs();
  const count = m!.count + m0!.count;
  const shared = {
    kind: 'M' as const,
    transactionsPerCompletion: counter.transactions / count,
    statementsPerCompletion: counter.statements / count,
    serverCpuMs: serverBefore && serverAfter ? backendCpuBetween(serverBefore, serverAfter) / count : undefined,
  };
  return [{ ...m!, ...shared, clientCpuMs: m!.cpuMsPerOp }, { ...m0!, ...shared, clientCpuMs: m0!.cpuMsPerOp }];
}

/**
 * The mutation path with the workflows outbox relay running alongside, as in a served instance; the
 * backlog earlier rows left is drained first. `numbered`: as served, the relay gives events their
 * tenant stream positions before publishing; without, it publishes as it did before positions
 * existed, the baseline for what numbering costs.
 */
async function relayedRow(bench: BenchDatabase, model: Specification, engine: EngineRunner, concurrency: number, counter: QueryCounter, numbered: boolean): Promise<Measured> {
  const db = bench.database.db;
  const logger = createLogger('bench-relay', 'silent');
  const bus = new MemoryEventBus();
  const relay = numbered
    ? new OutboxRelay({ db, outbox, bus, logger, prepare: caseEventNumbering(db), ready: sequencedForPublishing })
    : new OutboxRelay({ db, outbox, bus, logger });
  await relay.drain();
  relay.start();
  try {
    const fixture = await installFixture(db, model, engine, () => relay.notify());
    const label = numbered ? 'M+R the same, relay numbering + publishing' : 'M+R₀ the same, relay publishing unnumbered';
    return await measure(bench, 'M', label, concurrency, serviceWork(fixture, 'graphql'), counter);
  } finally {
    await relay.stop();
    await bus.close();
  }
}

async function main(): Promise<void> {
  const counter = new QueryCounter();
  const bench: BenchDatabase = args.pglite ? await scratchPglite(counter) : await scratchPostgres(postgresServerUrl(), counter);
  // Ctrl-C must not leave a scratch database behind on the shared server.
  const served = workflowsOptionsFromEnv();
  const pool = new EvaluationPool({ budgetMs: served.YAWL_EVALUATION_BUDGET_MS, memoryMb: served.YAWL_EVALUATION_MEMORY_MB, size: served.YAWL_EVALUATION_WORKERS });
  process.once('SIGINT', () => void bench.dispose().finally(() => process.exit(130)));
  try {
    const started = Date.now();
    await bench.database.migrate('workflows', workflowsSubgraph().migrationsFolder);
    const model = benchModel();
    await pool.started();
    const fixture = await installFixture(bench.database.db, model, pool);
    const inlineFixture = await installFixture(bench.database.db, model, inlineEngine());

    out(`# workflows engine bench — ${args.pglite ? 'PGlite (comparison only; the goal is judged on Postgres)' : 'real Postgres'}`);
    out(`database : ${bench.describe}`);
    out(`client   : node ${process.version}, ${os.cpus().length} cores (shared with the database when it runs on this machine)`);
    out(`workload : demo spec "${model.uri}" (${TASKS_PER_CASE}-task sequence); each worker launches its own cases and starts + completes every item, with typed output where the task has output parameters`);
    out(`bounds   : ${bounds.count} completions or ${bounds.seconds}s per row, after a warm-up of ${warmup.count} or ${warmup.seconds}s`);
    out(`engine   : M rows on the evaluation worker pool, budget ${served.YAWL_EVALUATION_BUDGET_MS} ms, ${served.YAWL_EVALUATION_MEMORY_MB} MB per worker; M⁰ rows on the calling thread, as before budgets`);
    out(`latency  : per completion = startItem + completeItem; ops/s is over the row's wall time, so case launches count against it`);
    out();

    const engine = await measure(bench, 'A', 'A  engine only (in memory)', 1, engineWork(model), counter);
    const roundTrips = new Map<number, Measured>();
    for (const c of concurrencies) roundTrips.set(c, await measure(bench, 'B', 'B  select 1 in withTenant tx', c, roundTripWork(bench.database.db, fixture.actor.tenantId), counter));
    const runs: { path: SpecPath | 'relay' | 'inline'; row: Measured }[] = [];
    const inlineRows = new Map<number, Measured>();
    for (const c of concurrencies) {
      const [pooled, inline] = await measurePair(bench, c, serviceWork(fixture, 'graphql'), serviceWork(inlineFixture, 'graphql'), counter);
      inlineRows.set(c, inline);
      runs.push({ path: 'graphql', row: pooled }, { path: 'inline', row: inline });
    }
    // Diagnostic: the same with the spec handed over in memory, to show what the per-command spec read costs.
    const widest = Math.max(...concurrencies);
    runs.push({ path: 'memory', row: await measure(bench, 'M', 'M′ CaseService direct, spec in memory', widest, serviceWork(fixture, 'memory'), counter) });
    // Diagnostic: what a running instance pays on top: its outbox relay numbers the events (the
    // sequencer) and publishes them, on the same database, while the commands run.
    const unnumbered = await relayedRow(bench, model, pool, 8, counter, false);
    const relayed = await relayedRow(bench, model, pool, 8, counter, true);
    runs.push({ path: 'relay', row: unnumbered }, { path: 'relay', row: relayed });

    out(
      table([engine, ...roundTrips.values(), ...runs.map((r) => r.row)], [
        { header: 'tx/op', cell: (r) => (r.kind === 'A' ? '' : bench.countsTransactions ? r.transactionsPerCompletion.toFixed(2) : 'n/a') },
        { header: 'trips/op', cell: (r) => (r.kind === 'A' ? '' : r.statementsPerCompletion.toFixed(1)) },
        { header: 'cpu ms/op client', cell: (r) => r.clientCpuMs.toFixed(3) },
        { header: 'server', cell: (r) => (r.kind === 'A' ? '' : r.serverCpuMs === undefined ? 'n/a' : r.serverCpuMs.toFixed(3)) },
        { header: 'ops/s ÷ A', cell: (r) => (r.kind === 'M' ? `${((r.perSecond / engine.perSecond) * 100).toFixed(2)}%` : '') },
        { header: 'p50 ÷ B p50', cell: (r) => (r.kind === 'M' ? ratio(r.p50 / roundTrips.get(r.concurrency)!.p50) : '') },
      ]),
    );
    out();
    out('cpu ms/op: CPU time per op of this process (client) and of the database backends serving the run (server; n/a when not local).');
    out('ops: A and M rows count work-item completions, B rows count transactions. tx/op and trips/op (queries sent, one round trip each) are per completion, amortizing');
    out(
      `     the case launch (1 per ${TASKS_PER_CASE} completions); a transaction's begin rides with its tenant scope (set_config and role) and, for a command, the read of its case in one trip; ` +
        (bench.countsTransactions ? 'commit is a trip of its own.' : 'PGlite runs begin/commit natively, so they are not counted.'),
    );
    out();

    const goalRows = runs.filter((r) => r.path === 'graphql').map((r) => r.row);
    // How many completions/s the statement count alone allows, at the best statement rate B reached.
    const floor = [...roundTrips.values()].reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    const statementsPerSecond = floor.perSecond * floor.statementsPerCompletion;
    const perCompletion = goalRows[0]!.statementsPerCompletion;
    out(
      `round-trip ceiling: B peaked at ${Math.round(statementsPerSecond).toLocaleString('en-US')} round trips/s (C=${floor.concurrency}); at ${perCompletion.toFixed(1)} trips per completion ` +
        `that caps the mutation path near ${Math.round(statementsPerSecond / perCompletion)} completions/s before any real query work.`,
    );
    const best = goalRows.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    const meets = (r: Summary) => r.perSecond >= GOAL.perSecond && r.p95 < GOAL.p95Ms;
    const anyMet = goalRows.filter(meets).map((r) => `C=${r.concurrency}`);
    const backend = args.pglite ? 'PGlite — NOT the goal backend' : 'Postgres';
    out(
      `GOAL ≥${GOAL.perSecond} completions/s with p95 < ${GOAL.p95Ms} ms (${backend}, mutation path): ${meets(best) ? 'MET' : 'NOT MET'} at best concurrency C=${best.concurrency}: ` +
        `${best.perSecond.toFixed(0)}/s (${ratio(best.perSecond / GOAL.perSecond)} of target), p95 ${best.p95.toFixed(2)} ms (${ratio(best.p95 / GOAL.p95Ms)} of limit). ` +
        `Rows meeting both: ${anyMet.length ? anyMet.join(', ') : 'none'}.`,
    );
    const sameConcurrency = goalRows.find((r) => r.concurrency === relayed.concurrency);
    out(
      `served (relay alongside, C=${relayed.concurrency}): ${relayed.perSecond.toFixed(0)}/s p95 ${relayed.p95.toFixed(2)} ms with numbering, ${unnumbered.perSecond.toFixed(0)}/s p95 ${unnumbered.p95.toFixed(2)} ms without: ` +
        `numbering keeps ${ratio(relayed.perSecond / unnumbered.perSecond)} of the throughput and costs ${(relayed.serverCpuMs !== undefined && unnumbered.serverCpuMs !== undefined ? `${(relayed.serverCpuMs - unnumbered.serverCpuMs).toFixed(3)} ms` : 'n/a')} of database CPU per completion` +
        (sameConcurrency ? `; the relay itself keeps ${ratio(unnumbered.perSecond / sameConcurrency.perSecond)} of the mutation path's ${sameConcurrency.perSecond.toFixed(0)}/s.` : '.'),
    );
    out(
      `evaluation pool (budgets) vs engine inline: ` +
        goalRows
          .map((r) => {
            const inline = inlineRows.get(r.concurrency)!;
            return `C=${r.concurrency} p50 ${r.p50.toFixed(2)} vs ${inline.p50.toFixed(2)} ms (${ratio(r.p50 / inline.p50)}), p95 ${r.p95.toFixed(2)} vs ${inline.p95.toFixed(2)} ms, ${r.perSecond.toFixed(0)} vs ${inline.perSecond.toFixed(0)}/s (${ratio(r.perSecond / inline.perSecond)})`;
          })
          .join('; '),
    );
    out(`total bench time ${((Date.now() - started) / 1000).toFixed(1)}s`);
  } finally {
    await pool.close();
    await bench.dispose();
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exitCode = 1;
});
