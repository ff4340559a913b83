/**
 * Generations per second and latency of the ai subgraph's default provider (the deterministic
 * planner), through the generation service as `generateWorkflow` drives it (row written, knowledge
 * base searched, drafted, verified, cached, outbox event), uncached and cached side by side, against
 * a baseline measured in the same run:
 *   A  planning + writing + verifying alone, in memory: the ceiling the provider sets.
 *   U  uncached: every intent new (the corpus, each with a run number), so each is drafted.
 *   C  cached: intents generated once before, answered from the cache.
 *
 *   npx tsx bench/ai.ts [--pglite] [--generations 400] [--seconds 15] [--concurrency 1,4] [--redis]
 *
 * Postgres is DATABASE_URL, else the repository's native instance; --redis caches in REDIS_URL
 * instead of the in-process cache.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { MemoryCache, MemoryEventBus, RedisCache, createLogger, type Cache } from '@flowgraph/shared';
import { SUPPORTED_INTENTS } from '../subgraphs/ai/corpus/intents.js';
import type { Context } from '../subgraphs/ai/context.js';
import { checkDraft } from '../subgraphs/ai/domain/specification-check.js';
import { planIntent } from '../subgraphs/ai/domain/planner/planner.js';
import { writeYawl } from '../subgraphs/ai/domain/yawl-writer.js';
import { aiOptionsFromEnv, aiSubgraph } from '../subgraphs/ai/index.js';
import { postgresServerUrl, QueryCounter, scratchPglite, scratchPostgres, type BenchDatabase } from './lib/database.js';
import { runBounded, type Bounds } from './lib/runner.js';
import { ratio, table, type Summary } from './lib/stats.js';

const { values: args } = parseArgs({
  options: {
    pglite: { type: 'boolean', default: false },
    redis: { type: 'boolean', default: false },
    generations: { type: 'string', default: '400' },
    seconds: { type: 'string', default: '15' },
    concurrency: { type: 'string', default: '1,4' },
  },
});

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${text}`);
  return value;
}

const bounds: Bounds = { count: positive('generations', args.generations), seconds: positive('seconds', args.seconds) };
const warmup: Bounds = { count: 40, seconds: 3 };
const concurrencies = args.concurrency.split(',').map((c) => Math.round(positive('concurrency', c)));
const out = (line = '') => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stderr.write(`… ${line}\n`);
const intents = SUPPORTED_INTENTS.map((entry) => entry.intent);

interface Row extends Summary {
  kind: 'A' | 'U' | 'C';
}

async function main(): Promise<void> {
  const counter = new QueryCounter();
  const db: BenchDatabase = args.pglite ? await scratchPglite(counter) : await scratchPostgres(postgresServerUrl(), counter);
  const cache: Cache = args.redis ? new RedisCache(process.env.REDIS_URL ?? 'redis://localhost:6379', `flowgraph-bench-ai-${randomUUID().slice(0, 8)}:`) : new MemoryCache();
  const events = new MemoryEventBus();
  const module = aiSubgraph(aiOptionsFromEnv({ AI_MAX_ACTIVE_GENERATIONS: '1000' }));
  try {
    await db.database.migrate(module.name, module.migrationsFolder);
    const built = await module.build({ database: db.database, cache, events, verifyToken: () => Promise.reject(new Error('unused')), logger: createLogger('bench', 'silent'), production: false });
    const tenants = Array.from({ length: Math.max(...concurrencies) }, () => ({ tenantId: randomUUID(), userId: randomUUID() }));
    const contextOf = (worker: number): Context => built.createContext({ kind: 'user', tenantId: tenants[worker]!.tenantId, userId: tenants[worker]!.userId, roles: ['user'], tokenId: 'bench', expiresAt: new Date(Date.now() + 3_600_000) });
    const generateOnce = async (ctx: Context, intent: string, worker: number, expectCached: boolean) => {
      const row = await ctx.service.start(tenants[worker]!, { intent });
      await ctx.service.settled(row.id);
      const done = await ctx.generations.byId(tenants[worker]!.tenantId, row.id);
      if (done?.status !== 'succeeded' || done.cached !== expectCached) throw new Error(`generation of "${intent}" ended ${done?.status} (cached ${String(done?.cached)}), expected succeeded (cached ${String(expectCached)})`);
    };
    const rows: Row[] = [];
    let serial = 0;
    progress('A: planner + writer + verify in memory');
    await runBounded('warm-up', 1, warmup, async (lane) => {
      await checkDraft(writeYawl(planOf(intents[serial++ % intents.length]!), { identifier: 'UID_bench' }));
      lane.record(0);
    });
    rows.push({
      kind: 'A',
      ...(await runBounded('A planner + writer + verify (in memory)', 1, bounds, async (lane) => {
        const started = performance.now();
        const verdict = await checkDraft(writeYawl(planOf(intents[serial++ % intents.length]!), { identifier: 'UID_bench' }));
        if (!verdict.ok) throw new Error('a corpus intent did not verify');
        lane.record(performance.now() - started);
      })),
    });
    // JIT, pool and plan caches warm on generations not counted.
    await runBounded('warm-up', 1, { count: 20, seconds: 3 }, async (lane, worker) => {
      await generateOnce(contextOf(worker), `${intents[serial % intents.length]!} (warm-up ${serial++})`, worker, false);
      lane.record(0);
    });
    for (const concurrency of concurrencies) {
      progress(`U: uncached generations, concurrency ${concurrency}`);
      rows.push({
        kind: 'U',
        ...(await runBounded(`U generateWorkflow uncached (${db.describe.split(',')[0]})`, concurrency, bounds, async (lane, worker) => {
          const intent = `${intents[serial % intents.length]!} (run ${serial++})`;
          const started = performance.now();
          await generateOnce(contextOf(worker), intent, worker, false);
          lane.record(performance.now() - started);
        })),
      });
      progress(`C: cached generations, concurrency ${concurrency}`);
      const warm = intents.slice(0, 10);
      for (let worker = 0; worker < concurrency; worker++) for (const intent of warm) await generateOnce(contextOf(worker), `${intent} [cached ${concurrency}]`, worker, false);
      rows.push({
        kind: 'C',
        ...(await runBounded(`C generateWorkflow cached (${args.redis ? 'Redis' : 'in-process cache'})`, concurrency, bounds, async (lane, worker) => {
          const intent = `${warm[serial++ % warm.length]!} [cached ${concurrency}]`;
          const started = performance.now();
          await generateOnce(contextOf(worker), intent, worker, true);
          lane.record(performance.now() - started);
        })),
      });
    }
    await built.close?.();
    const baseline = rows.find((row) => row.kind === 'A')!;
    out(`bench:ai — ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`);
    out(`database: ${db.describe}`);
    out(`cache: ${args.redis ? 'Redis (REDIS_URL)' : 'in-process MemoryCache'}; corpus: ${intents.length} intents; latency = generateWorkflow accepted → SUCCEEDED written`);
    out();
    out(
      table(rows, [
        { header: 'vs A ops/s', cell: (row) => ratio(row.perSecond / baseline.perSecond) },
        {
          header: 'C vs U',
          cell: (row) => {
            if (row.kind !== 'C') return '';
            const uncached = rows.find((other) => other.kind === 'U' && other.concurrency === row.concurrency)!;
            return `${ratio(row.perSecond / uncached.perSecond)} ops/s, p95 ${ratio(uncached.p95 / row.p95)} lower`;
          },
        },
      ]),
    );
  } finally {
    await events.close();
    await cache.close();
    await db.dispose();
  }
}

function planOf(intent: string) {
  const planned = planIntent(intent);
  if (!planned.ok) throw new Error(`corpus intent refused: ${planned.reason}`);
  return planned.plan;
}

await main();
