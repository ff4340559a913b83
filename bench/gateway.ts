/**
 * Gateway throughput, in the shape of the public GraphQL gateways benchmark: four small subgraphs
 * (accounts, inventory, products, reviews; Go, bench/gateway/subgraphs) and the deep query
 * (users → reviews → product → reviews → author → reviews → product, and topProducts alike; about
 * 87 KB of response), against vanilla @apollo/gateway measured in the same run.
 *
 *   npm run bench:gateway -- [--seconds 20] [--warmup 5] [--connections 50] [--dedup-clients 50] [--require-goal]
 *
 * Each gateway runs alone in its own process pinned to core 0, one after the other, the same
 * warm-up and duration; wrk and the subgraphs share core 1. Ours starts through its real entry
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
import { ratio, table, type Summary } from './lib/stats.js';
import { coreTime, cpuSeconds, freePort, memory, startPinned, waitFor, type Pinned } from './gateway/processes.js';
import { buildSubgraphs, composeSupergraph, SUBGRAPHS, writeBody, type SubgraphName } from './gateway/setup.js';
import { ensureWrk, failures, runWrk, type WrkResult } from './gateway/wrk.js';

const GOAL = { requestsPerCpuSecond: 3, p95: 1 / 3 };
const GATEWAY_CPU = 0;
const LOAD_CPU = 1;
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const out = (line = '') => process.stdout.write(`${line}\n`);

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '20' },
    warmup: { type: 'string', default: process.env.BENCH_WARMUP_SECONDS ?? '5' },
    connections: { type: 'string', default: process.env.BENCH_CONNECTIONS ?? '50' },
    'dedup-clients': { type: 'string', default: process.env.BENCH_DEDUP_CLIENTS ?? '50' },
    'require-goal': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(args.seconds);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const DEDUP_CLIENTS = Number(args['dedup-clients']);

interface Contender {
  label: string;
  script: string;
  connections: number;
  env: Record<string, string>;
}

interface Row extends Summary {
  cpuMsPerRequest: number;
  requestsPerCpuSecond: number;
  rss: number;
  peakRss: number;
  gatewayCoreBusy: number;
  loadCoreBusy: number;
  subgraphsShare: number;
  wrkShare: number;
  response: unknown;
}

/** Whether this gateway build reads GATEWAY_INFLIGHT_DEDUP at all (before in-flight deduplication lands, it does not). */
function gatewayReadsDedupSwitch(): boolean {
  const dir = join(ROOT, 'gateway/src');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .some((f) => readFileSync(join(dir, f), 'utf8').includes('GATEWAY_INFLIGHT_DEDUP'));
}

function assertClean(label: string, phase: string, result: WrkResult): void {
  if (failures(result) === 0) return;
  const { socketErrors, timeouts, non200, withoutData, withErrors, badSample } = result;
  throw new Error(`${label} (${phase}): ${JSON.stringify({ socketErrors, timeouts, non200, withoutData, withErrors })} of ${result.requests} responses failed; first bad: ${badSample ?? '(none kept)'}`);
}

async function measure(contender: Contender, base: NodeJS.ProcessEnv, body: { path: string; body: string }, subgraphs: Pinned): Promise<Row> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const gateway = startPinned(contender.label, GATEWAY_CPU, process.execPath, ['--import', 'tsx', join(ROOT, contender.script)], { ...base, ...contender.env, PORT: String(port) });
  try {
    const first = await waitFor(`${contender.label} listening`, 90_000, async () => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body.body });
      return { status: response.status, text: await response.text() };
    }, () => !gateway.exited());
    const parsed = JSON.parse(first.text) as { data?: unknown; errors?: unknown };
    if (first.status !== 200 || !parsed.data || parsed.errors) throw new Error(`${contender.label} answered the deep query with HTTP ${first.status}: ${first.text.slice(0, 500)}`);
    out(`  ${contender.label}: ready, response ${Buffer.byteLength(first.text)} bytes; warm-up ${WARMUP} s, then ${SECONDS} s at ${contender.connections} connections`);
    if (WARMUP > 0) assertClean(contender.label, 'warm-up', await runWrk({ url, connections: contender.connections, seconds: WARMUP, bodyFile: body.path, cpu: LOAD_CPU }));

    const cpuBefore = cpuSeconds(gateway.pid);
    const subgraphsBefore = cpuSeconds(subgraphs.pid);
    const [gatewayCoreBefore, loadCoreBefore] = [coreTime(GATEWAY_CPU), coreTime(LOAD_CPU)];
    const result = await runWrk({ url, connections: contender.connections, seconds: SECONDS, bodyFile: body.path, cpu: LOAD_CPU });
    const cpu = cpuSeconds(gateway.pid) - cpuBefore;
    const subgraphsCpu = cpuSeconds(subgraphs.pid) - subgraphsBefore;
    const [gatewayCore, loadCore] = [coreTime(GATEWAY_CPU), coreTime(LOAD_CPU)];
    const { rss, peak } = memory(gateway.pid);
    assertClean(contender.label, 'measured', result);

    const elapsedMs = result.durationUs / 1000;
    const busy = (after: { busy: number; total: number }, before: { busy: number; total: number }) => (after.busy - before.busy) / Math.max(1, after.total - before.total);
    return {
      label: contender.label,
      concurrency: contender.connections,
      count: result.requests,
      elapsedMs,
      perSecond: result.requests / (elapsedMs / 1000),
      p50: result.p50 / 1000,
      p95: result.p95 / 1000,
      p99: result.p99 / 1000,
      cpuMsPerRequest: (cpu * 1000) / result.requests,
      requestsPerCpuSecond: result.requests / cpu,
      rss,
      peakRss: peak,
      gatewayCoreBusy: busy(gatewayCore, gatewayCoreBefore),
      loadCoreBusy: busy(loadCore, loadCoreBefore),
      subgraphsShare: subgraphsCpu / (elapsedMs / 1000),
      wrkShare: result.cpuSeconds / (elapsedMs / 1000),
      response: parsed,
    };
  } catch (error) {
    out(`--- ${contender.label} output ---\n${gateway.output()}`);
    throw error;
  } finally {
    await gateway.stop();
  }
}

async function main(): Promise<number> {
  if (availableParallelism() < 2) throw new Error('bench:gateway pins the gateway and the load to two different cores; this machine has one');
  ensureWrk();
  const binary = buildSubgraphs();
  const body = writeBody();
  const ports = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (name) => [name, await freePort()] as const))) as Record<SubgraphName, number>;
  const urls = Object.fromEntries(SUBGRAPHS.map((name) => [name, `http://127.0.0.1:${ports[name]}/graphql`])) as Record<SubgraphName, string>;
  const supergraphPath = composeSupergraph(urls);
  const subgraphs = startPinned('subgraphs', LOAD_CPU, binary, SUBGRAPHS.flatMap((name) => [`-${name}`, String(ports[name])]), process.env);
  try {
    for (const name of SUBGRAPHS) {
      await waitFor(`${name} subgraph`, 30_000, async () => {
        const response = await fetch(urls[name], { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ _service { sdl } }"}' });
        return response.ok ? true : undefined;
      }, () => !subgraphs.exited());
    }
    // The same environment for every gateway: production mode, quiet logs, no Redis (in-process
    // budgets and cache), the supergraph of the bench subgraphs with no routing overrides.
    const base: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'REDIS_URL' && !/^SUBGRAPH_.*_URL$/.test(key)));
    Object.assign(base, { NODE_ENV: 'production', LOG_LEVEL: 'warn', SUPERGRAPH_PATH: supergraphPath });
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
    out(`bench:gateway — @apollo/gateway ${gatewayVersion}, Node ${process.versions.node}, gateway on core ${GATEWAY_CPU}, wrk + Go subgraphs on core ${LOAD_CPU}`);
    const rows: Row[] = [];
    for (const contender of contenders) rows.push(await measure(contender, base, body, subgraphs));
    const [vanilla, off, on] = rows as [Row, Row, Row];

    for (const row of [off, on]) {
      if (!isDeepStrictEqual(row.response, vanilla.response)) throw new Error(`${row.label}: the deep query's response differs from vanilla's`);
    }
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
    out(`(conc: concurrent connections; ops: requests in the measured window; core busy: everyone's work on that core, this machine's other load included;`);
    out(` subgraphs CPU, wrk CPU: their own share of one core over the window)`);
    out('All responses: HTTP 200 with data and no errors; ours (dedup off and on) deep-equal vanilla\'s response.');
    out();
    for (const row of [off, on]) {
      out(`${row.label} ÷ vanilla: RPS ${ratio(row.perSecond / vanilla.perSecond)}, requests per CPU-second ${ratio(row.requestsPerCpuSecond / vanilla.requestsPerCpuSecond)}, p95 ${ratio(row.p95 / vanilla.p95)}`);
    }
    if (!gatewayReadsDedupSwitch()) out('note: this gateway build does not read GATEWAY_INFLIGHT_DEDUP, so "ours, dedup on" ran the same code as "dedup off".');
    if (Math.max(...rows.map((r) => r.subgraphsShare + r.wrkShare)) > 0.8) out(`warning: wrk and the subgraphs used over 80% of core ${LOAD_CPU} in a window: the load side may have held the gateways back.`);
    else if (Math.max(...rows.map((r) => r.loadCoreBusy)) > 0.95) out(`note: core ${LOAD_CPU} was saturated, mostly by work outside this bench (its wrk and subgraphs used under 80% of it).`);
    const cpuGoal = off.requestsPerCpuSecond / vanilla.requestsPerCpuSecond >= GOAL.requestsPerCpuSecond;
    const p95Goal = off.p95 <= vanilla.p95 * GOAL.p95;
    out();
    out(`goal (dedup off): requests per CPU-second ≥ ${GOAL.requestsPerCpuSecond}× vanilla's: ${cpuGoal ? 'met' : 'NOT met'}; p95 ≤ ⅓ of vanilla's: ${p95Goal ? 'met' : 'NOT met'}`);
    return args['require-goal'] && !(cpuGoal && p95Goal) ? 1 : 0;
  } catch (error) {
    out(`--- subgraphs output ---\n${subgraphs.output()}`);
    throw error;
  } finally {
    await subgraphs.stop();
  }
}

process.exitCode = await main();
