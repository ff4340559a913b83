/**
 * Gateway throughput, in the shape of the public GraphQL gateways benchmark: four small subgraphs
 * (accounts, inventory, products, reviews; Go, bench/gateway/subgraphs) and the deep query
 * (users → reviews → product → reviews → author → reviews → product, and topProducts alike; about
 * 87 KB of response), against vanilla @apollo/gateway measured in the same run.
 *
 *   npm run bench:gateway -- [--seconds 20] [--warmup 5] [--connections 50] [--dedup-clients 50] [--rounds 2] [--require-goal]
 *
 * Each gateway runs in its own process pinned to core 0 and is loaded alone, in turn: a warm-up
 * each, then `--rounds` rounds of one window per gateway (`--seconds` split between them), so that
 * the machine's other load weighs on all alike; wrk and the subgraphs share core 1. Figures count
 * each window's steady seconds (see contender.ts); percentiles merge the windows' wrk histograms,
 * which wrk corrects for coordinated omission as it does for its own report. Ours starts through its real entry
 * (gateway/src/server.ts, production mode, in-process rate limits raised out of the way, the cost
 * limit raised above the deep query's cost but still computed), first with GATEWAY_INFLIGHT_DEDUP=off
 * (the comparison), then with it on and `--dedup-clients` identical concurrent clients. Every
 * response must be 200 with data and without errors, and one full response of ours must deep-equal
 * vanilla's; otherwise the bench fails. CPU per request is the gateway process's user + system time
 * over the measured window only (/proc/<pid>/stat); RSS at the end and at its peak (/proc/<pid>/status).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { percentile, ratio, table, type Summary } from './lib/stats.js';
import { startContender, type Contender, type RunningContender, type Window } from './gateway/contender.js';
import { freePort, startPinned, waitFor } from './gateway/processes.js';
import { buildSubgraphs, CACHE_DIR, composeSupergraph, SUBGRAPHS, writeBody, type SubgraphName } from './gateway/setup.js';
import { ensureWrk } from './gateway/wrk.js';

const GOAL = { requestsPerCpuSecond: 3, p95: 1 / 3 };
const GATEWAY_CPU = 0;
const LOAD_CPU = 1;
/** Seconds at the start of each window left out while the closed loop fills up. */
const RAMP_SECONDS = 2;
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const out = (line = '') => process.stdout.write(`${line}\n`);

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '20' },
    warmup: { type: 'string', default: process.env.BENCH_WARMUP_SECONDS ?? '5' },
    connections: { type: 'string', default: process.env.BENCH_CONNECTIONS ?? '50' },
    'dedup-clients': { type: 'string', default: process.env.BENCH_DEDUP_CLIENTS ?? '50' },
    rounds: { type: 'string', default: process.env.BENCH_ROUNDS ?? '2' },
    'require-goal': { type: 'boolean', default: false },
    // V8 flags given to every gateway alike, e.g. --max-semi-space-size=64 (see the README's figures).
    'node-flags': { type: 'string', default: process.env.BENCH_NODE_FLAGS ?? '' },
  },
});
const SECONDS = Number(args.seconds);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const DEDUP_CLIENTS = Number(args['dedup-clients']);
const ROUNDS = Number(args.rounds);
const NODE_FLAGS = args['node-flags'].split(/\s+/).filter(Boolean);

interface Row extends Summary {
  cpuMsPerRequest: number;
  requestsPerCpuSecond: number;
  rss: number;
  peakRss: number;
  gatewayCoreBusy: number;
  loadCoreBusy: number;
  subgraphsShare: number;
  wrkShare: number;
}

/** Whether this gateway build reads GATEWAY_INFLIGHT_DEDUP at all (before in-flight deduplication lands, it does not). */
function gatewayReadsDedupSwitch(): boolean {
  return ['gateway/src', 'packages/shared/src'].some((folder) => {
    const dir = join(ROOT, folder);
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .some((f) => readFileSync(join(dir, f), 'utf8').includes('GATEWAY_INFLIGHT_DEDUP'));
  });
}

/** One row from a gateway's windows: steady seconds summed, latency histograms merged. */
function row(running: RunningContender, windows: readonly Window[]): Row {
  const sum = (pick: (w: Window) => number) => windows.reduce((total, w) => total + pick(w), 0);
  const latencies: number[] = [];
  const merged = new Map<number, number>();
  for (const w of windows) for (const [value, count] of w.histogram) merged.set(value, (merged.get(value) ?? 0) + count);
  for (const [value, count] of [...merged].sort((a, b) => a[0] - b[0])) for (let i = 0; i < count; i++) latencies.push(value / 1000);
  const requests = sum((w) => w.requests);
  const cpu = sum((w) => w.cpu);
  const wall = sum((w) => w.wallSeconds);
  const { rss, peak } = running.memory();
  return {
    label: running.contender.label,
    concurrency: running.contender.connections,
    count: requests,
    elapsedMs: sum((w) => w.seconds) * 1000,
    perSecond: requests / sum((w) => w.seconds),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    cpuMsPerRequest: (cpu * 1000) / requests,
    requestsPerCpuSecond: requests / cpu,
    rss,
    peakRss: peak,
    gatewayCoreBusy: sum((w) => w.gatewayCore.busy) / sum((w) => w.gatewayCore.total),
    loadCoreBusy: sum((w) => w.loadCore.busy) / sum((w) => w.loadCore.total),
    subgraphsShare: sum((w) => w.subgraphsCpu) / wall,
    wrkShare: sum((w) => w.wrkCpu) / wall,
  };
}

function report(rows: readonly Row[]): { cpuGoal: boolean; p95Goal: boolean } {
  const [vanilla, off, on] = rows as [Row, Row, Row];
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  const pct = (share: number) => `${Math.round(share * 100)}%`;
  out();
  out(
    table(rows, [
      { header: 'CPU ms/req', cell: (r) => r.cpuMsPerRequest.toFixed(2) },
      { header: 'req/CPU-s', cell: (r) => r.requestsPerCpuSecond.toFixed(1) },
      { header: 'RSS MB', cell: (r) => mb(r.rss) },
      { header: 'peak MB', cell: (r) => mb(r.peakRss) },
      { header: `core ${GATEWAY_CPU} busy`, cell: (r) => pct(r.gatewayCoreBusy) },
      { header: `core ${LOAD_CPU} busy`, cell: (r) => pct(r.loadCoreBusy) },
      { header: 'subgraphs CPU', cell: (r) => pct(r.subgraphsShare) },
      { header: 'wrk CPU', cell: (r) => pct(r.wrkShare) },
    ]),
  );
  out(`(conc: concurrent connections; ops, secs: responses and seconds counted, the steady part of ${ROUNDS} window(s) each; p50-p99: wrk's latency histogram,`);
    out(` coordinated-omission-corrected as wrk reports it; CPU: the gateway process's user + system time;`);
  out(` core busy: everyone's work on that core, the machine's other load included; subgraphs CPU, wrk CPU: their own share of one core)`);
  out("All responses: HTTP 200 with data and no errors; ours (dedup off and on) deep-equal vanilla's response.");
  out();
  for (const r of [off, on]) out(`${r.label} ÷ vanilla: RPS ${ratio(r.perSecond / vanilla.perSecond)}, requests per CPU-second ${ratio(r.requestsPerCpuSecond / vanilla.requestsPerCpuSecond)}, p95 ${ratio(r.p95 / vanilla.p95)}`);
  if (!gatewayReadsDedupSwitch()) out('note: this gateway build does not read GATEWAY_INFLIGHT_DEDUP, so "ours, dedup on" ran the same code as "dedup off".');
  if (Math.max(...rows.map((r) => r.subgraphsShare + r.wrkShare)) > 0.8) out(`warning: wrk and the subgraphs used over 80% of core ${LOAD_CPU}: the load side may have held the gateways back.`);
  else if (Math.max(...rows.map((r) => r.loadCoreBusy)) > 0.95) out(`note: core ${LOAD_CPU} was saturated, mostly by work outside this bench (its wrk and subgraphs used under 80% of it).`);
  return { cpuGoal: off.requestsPerCpuSecond / vanilla.requestsPerCpuSecond >= GOAL.requestsPerCpuSecond, p95Goal: off.p95 <= vanilla.p95 * GOAL.p95 };
}

async function main(): Promise<number> {
  if (availableParallelism() < 2) throw new Error('bench:gateway pins the gateway and the load to two different cores; this machine has one');
  if (!(ROUNDS >= 1 && SECONDS / ROUNDS >= RAMP_SECONDS + 2)) throw new Error(`--seconds ${SECONDS} over --rounds ${ROUNDS} leaves windows shorter than ${RAMP_SECONDS + 2} s`);
  ensureWrk();
  const binary = buildSubgraphs();
  const body = writeBody();
  const ports = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (name) => [name, await freePort()] as const))) as Record<SubgraphName, number>;
  const urls = Object.fromEntries(SUBGRAPHS.map((name) => [name, `http://127.0.0.1:${ports[name]}/graphql`])) as Record<SubgraphName, string>;
  const supergraphPath = composeSupergraph(urls);
  const subgraphs = startPinned('subgraphs', LOAD_CPU, binary, SUBGRAPHS.flatMap((name) => [`-${name}`, String(ports[name])]), process.env);
  const running: RunningContender[] = [];
  try {
    for (const name of SUBGRAPHS) {
      await waitFor(
        `${name} subgraph`,
        30_000,
        async () => {
          const response = await fetch(urls[name], { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ _service { sdl } }"}' });
          return response.ok ? true : undefined;
        },
        () => !subgraphs.exited(),
      );
    }
    // The same environment for every gateway: production mode, quiet logs, no Redis (in-process
    // budgets and cache), the supergraph of the bench subgraphs with no routing overrides.
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'REDIS_URL' && !/^SUBGRAPH_.*_URL$/.test(key)));
    Object.assign(env, { NODE_ENV: 'production', LOG_LEVEL: 'warn', SUPERGRAPH_PATH: supergraphPath });
    const ours = {
      HOST: '127.0.0.1',
      SUPERGRAPH_WATCH: 'false',
      // Anonymous requests never verify a token; a port nothing listens on makes any attempt fail loudly.
      JWKS_URL: `http://127.0.0.1:${await freePort()}/.well-known/jwks.json`,
      RATE_LIMIT_ADDRESS: '1000000000',
      RATE_LIMIT_USER: '1000000000',
      RATE_LIMIT_API_KEY: '1000000000',
      OPERATION_MAX_COST: '1000000000',
    };
    const contenders: Contender[] = [
      { label: 'vanilla @apollo/gateway', script: 'bench/gateway/vanilla-gateway.ts', connections: CONNECTIONS, env: {} },
      { label: 'ours, dedup off', script: 'gateway/src/server.ts', connections: CONNECTIONS, env: { ...ours, GATEWAY_INFLIGHT_DEDUP: 'off' } },
      { label: 'ours, dedup on', script: 'gateway/src/server.ts', connections: DEDUP_CLIENTS, env: { ...ours, GATEWAY_INFLIGHT_DEDUP: 'on' } },
    ];
    const gatewayVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@apollo/gateway/package.json'), 'utf8')) as { version: string }).version;
    out(`bench:gateway — @apollo/gateway ${gatewayVersion}, Node ${process.versions.node}; gateways on core ${GATEWAY_CPU}, wrk + Go subgraphs on core ${LOAD_CPU}`);
    if (NODE_FLAGS.length) out(`  every gateway runs with node ${NODE_FLAGS.join(' ')}`);
    const setup = { root: ROOT, env, body, detailFile: join(CACHE_DIR, 'gateway-wrk-detail.txt'), gatewayCpu: GATEWAY_CPU, loadCpu: LOAD_CPU, nodeFlags: NODE_FLAGS };
    for (const contender of contenders) {
      const started = await startContender(contender, setup, WARMUP);
      running.push(started);
      out(`  ${contender.label}: deep query answered (${started.responseBytes} bytes), warmed up ${WARMUP} s`);
    }
    for (const other of running.slice(1)) {
      if (!isDeepStrictEqual(other.response, running[0]!.response)) throw new Error(`${other.contender.label}: the deep query's response differs from vanilla's`);
    }
    const windows = running.map(() => [] as Window[]);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [i, contender] of running.entries()) {
        windows[i]!.push(await contender.measure(SECONDS / ROUNDS, RAMP_SECONDS, subgraphs));
      }
      out(`  round ${round}/${ROUNDS} done (${SECONDS / ROUNDS} s per gateway)`);
    }
    const { cpuGoal, p95Goal } = report(running.map((r, i) => row(r, windows[i]!)));
    out();
    out(`goal (dedup off): requests per CPU-second ≥ ${GOAL.requestsPerCpuSecond}× vanilla's: ${cpuGoal ? 'met' : 'NOT met'}; p95 ≤ ⅓ of vanilla's: ${p95Goal ? 'met' : 'NOT met'}`);
    return args['require-goal'] && !(cpuGoal && p95Goal) ? 1 : 0;
  } catch (error) {
    out(`--- subgraphs output ---\n${subgraphs.output()}`);
    throw error;
  } finally {
    for (const contender of running) await contender.stop();
    await subgraphs.stop();
  }
}

process.exitCode = await main();
