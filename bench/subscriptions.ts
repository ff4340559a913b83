/**
 * `caseEvents` fan-out through the gateway, fed from real Kafka:
 *   producer (records the event in workflows' log with its tenant stream position, as published events are) → Kafka
 *   `workflow.case-events` → workflows' CaseEventFeed (KafkaEventBus consumer)
 *   → one graphql-ws subscription per subscriber at workflows, multiplexed over the gateway's one
 *   upstream connection (same credential) → per-event plan execution in the gateway → N client sockets.
 *
 *   npx tsx bench/subscriptions.ts [--subscribers 100,1000,10000] [--rate 2,5,10,20] [--seconds 5] [--cases 10] [--drain 15] [--distinct] [--profile DIR] [--skip-baseline]
 *
 * Every subscriber signs in as the same user with the same live operation, as a wallboard on many
 * screens, so the gateway shares one upstream stream between them (SUBSCRIPTION_LIVE_FIELDS).
 * --distinct gives each subscriber an operation of its own: nothing is shared, every subscription is
 * served by itself at workflows and at the gateway. Each N is measured at every rate in --rate.
 *
 * Gateway, identity and workflows run in this process (PGlite in memory); the subscribers run in a
 * child process so their sockets are not counted in this process's memory. Kafka is KAFKA_BROKERS,
 * else the repository's native broker (services.sh up kafka).
 * The selection is `sequence type occurredAt cursor caseId`: no field needs a database read per event, so
 * the figures are the fan-out's own cost, not that of `case { … }` lookups.
 */
import { execFileSync, execSync, fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CASE_EVENTS_TOPIC, KafkaEventBus, demo } from '@flowgraph/shared';
import { BareFanoutServer } from './lib/bare-fanout.js';
import { WindowProfiler } from './lib/profiler.js';
import { baselineTable, measureBaseline, type BaselineRow } from './lib/subscriptions-baseline.js';
import { BenchEventProducer } from './lib/subscriptions-log.js';
import type { ChildReport, ChildStatus, GrowReply, ParentMessage } from './lib/subscriptions-clients.js';
import { startBenchPlatform } from './lib/subscriptions-platform.js';

const GOAL = { subscribers: 10_000, p99Ms: 100 };
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const { values: args } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '100,1000,10000' },
    rate: { type: 'string', default: '2,5,10,20' },
    seconds: { type: 'string', default: '5' },
    cases: { type: 'string', default: '10' },
    drain: { type: 'string', default: '15' },
    batch: { type: 'string', default: '250' },
    distinct: { type: 'boolean', default: false },
    'skip-baseline': { type: 'boolean', default: false },
    budget: { type: 'string', default: '600' },
    profile: { type: 'string' },
  },
});

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${text}`);
  return value;
}

const rates = args.rate.split(',').map((r) => positive('rate', r));
const budgetSeconds = positive('budget', args.budget);
const seconds = positive('seconds', args.seconds);
const caseCount = Math.round(positive('cases', args.cases));
const drainSeconds = positive('drain', args.drain);
const batch = Math.round(positive('batch', args.batch));
const ladder = args.subscribers.split(',').map((n) => Math.round(positive('subscribers', n))).sort((a, b) => a - b);
const out = (line = '') => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stderr.write(`… ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function memory() {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external + m.arrayBuffers };
}

function fdLimit(): number {
  try {
    return Number(execSync('ulimit -n', { encoding: 'utf8', shell: '/bin/bash' }).trim()) || Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function kafkaBrokers(): string[] {
  const fromEnv = process.env.KAFKA_BROKERS;
  if (fromEnv) return fromEnv.split(',');
  try {
    execFileSync('bash', ['services/services.sh', 'up', 'kafka'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const exports = execFileSync('bash', ['services/services.sh', 'env', 'kafka'], { cwd: ROOT, encoding: 'utf8' });
    const url = /^export KAFKA_BROKERS='([^']*)'$/m.exec(exports)?.[1];
    if (!url) throw new Error(`services.sh env printed no KAFKA_BROKERS:\n${exports}`);
    return url.split(',');
  } catch (error) {
    throw new Error('bench needs a real Kafka: KAFKA_BROKERS is unset and "bash services/services.sh up kafka" failed', { cause: error });
  }
}

/** The subscriber child and a request/reply helper over its IPC channel. */
function startClients(): Promise<{ child: ChildProcess; ask: <T>(message: ParentMessage, kind: string) => Promise<T> }> {
  const child = fork(fileURLToPath(new URL('./lib/subscriptions-clients.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Set<(error: Error) => void>();
  child.on('exit', (code) => {
    for (const reject of pending) reject(new Error(`subscriber process exited (${code})`));
    pending.clear();
  });
  const ask = <T>(message: ParentMessage, kind: string) =>
    new Promise<T>((resolve, reject) => {
      pending.add(reject);
      const onMessage = (reply: { kind: string; error?: string }) => {
        if (reply.kind !== kind && reply.kind !== 'failed') return;
        child.off('message', onMessage);
        pending.delete(reject);
        if (reply.kind === 'failed') reject(new Error(reply.error));
        else resolve(reply as T);
      };
      child.on('message', onMessage);
      child.send(message);
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`subscriber process exited (${code})`)));
    child.once('message', () => resolve({ child, ask }));
  });
}

interface Row {
  target: number;
  rate: number;
  subscribers: number;
  setupSeconds: number;
  syncSeconds: number;
  events: number;
  expected: number;
  report: ChildReport;
  rssPerConnKb: number;
  heapPerConnKb: number;
  produceSeconds: number;
  drainSeconds: number;
  /** From the first produce to the moment counting stopped (all delivered, or the cut-off). */
  windowSeconds: number;
  /** CPU per delivered event over that window: this process (Kafka, workflows, gateway) and the subscribers' process, µs. */
  platformCpuUs: number;
  /** The share of the platform's CPU spent in the kernel (socket writes on loopback include the receiving side's TCP work). */
  platformSystemShare: number;
  clientCpuUs: number;
}

async function main(): Promise<void> {
  const started = Date.now();
  const limit = fdLimit();
  // Each subscriber costs one descriptor in each process; keep headroom for Kafka, PGlite, HTTP.
  const cap = Number.isFinite(limit) ? limit - 256 : Number.POSITIVE_INFINITY;
  const steps = ladder.map((n) => Math.min(n, cap));
  const brokers = kafkaBrokers();
  progress(`kafka ${brokers.join(',')}; starting gateway + identity + workflows`);
  const platform = await startBenchPlatform(brokers);
  // Only the measurement windows are profiled: subscriber setup (JWT checks, validation) would swamp them.
  const profiler = args.profile ? new WindowProfiler(args.profile) : undefined;
  const producer = new KafkaEventBus({ brokers, clientId: 'bench-subscriptions-producer' });
  let clients: Awaited<ReturnType<typeof startClients>> | undefined;
  const bareServer = args['skip-baseline'] ? undefined : await BareFanoutServer.start();
  const baseline: BaselineRow[] = [];
  try {
    const login = await fetch(platform.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', variables: { i: { email: demo.users.user.email, password: demo.password } } }),
    });
    const token = ((await login.json()) as { data?: { login?: { accessToken?: string } } }).data?.login?.accessToken;
    if (!token) throw new Error('login through the gateway failed');
    const tenantId = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { tenant: string }).tenant;
    const wsUrl = `${platform.gateway.url.replace('http', 'ws')}/graphql`;
    const caseEvents = await BenchEventProducer.open(platform.workflowsDb, producer, tenantId);
    const publish = (caseId: string) => caseEvents.publish(caseId);
    await publish(randomUUID()); // connect the producer and make sure the topic exists

    clients = await startClients();
    const before = memory();
    const rows: Row[] = [];
    const deadline = started + budgetSeconds * 1000;
    for (const target of steps) {
      if (Date.now() > deadline - 30_000) {
        progress(`skipping N=${target}: the run's time budget is spent`);
        break;
      }
      if (bareServer) {
        progress(`baseline: bare ws fan-out to ${target} sockets`);
        const measured = await measureBaseline(clients.ask, bareServer, { count: target, rates, seconds, drainSeconds, batch });
        if (measured.failed) progress(`baseline: ${measured.failed} sockets failed to open: ${measured.firstError}`);
        baseline.push(...measured.rows);
      }
      progress(`opening subscribers up to ${target}`);
      const grown = await clients.ask<GrowReply>({ cmd: 'grow', url: wsUrl, token, target, batch, distinct: args.distinct }, 'grown');
      if (grown.failed) progress(`${grown.failed} subscribers failed to connect: ${grown.firstError}`);
      const n = grown.subscribers;
      const after = memory();

      for (const rate of rates) {
        // Sync: publish a marker case until every subscriber has an event of it, i.e. is live end to end.
        const syncCase = randomUUID();
        const measureCases = Array.from({ length: caseCount }, () => randomUUID());
        await clients.ask({ cmd: 'phase', syncCase, measureCases }, 'phased');
        const syncStarted = Date.now();
        for (;;) {
          await publish(syncCase);
          await sleep(300);
          const status = await clients.ask<ChildStatus>({ cmd: 'status' }, 'status');
          if (status.syncSeen >= n) break;
          if (Date.now() - syncStarted > 40_000) throw new Error(`only ${status.syncSeen}/${n} subscribers became live within 40s`);
        }
        const syncSeconds = (Date.now() - syncStarted) / 1000;
        await sleep(500); // let the last sync events drain before measuring

        progress(`N=${n}: producing ${Math.round(rate * seconds)} events at ${rate}/s`);
        const events = Math.round(rate * seconds);
        const childCpuBefore = (await clients.ask<ChildStatus>({ cmd: 'status' }, 'status')).cpuMs;
        const platformCpuBefore = process.cpuUsage();
        await profiler?.start();
        const produceStarted = Date.now();
        // Counting stops at a fixed moment: the end of production plus the drain allowance.
        const cutoffAt = produceStarted + seconds * 1000 + drainSeconds * 1000;
        const cut = clients.ask({ cmd: 'cutoff', at: cutoffAt }, 'cut');
        for (let i = 0; i < events; i++) {
          const due = produceStarted + (i * 1000) / rate;
          const wait = due - Date.now();
          if (wait > 0) await sleep(wait);
          await publish(measureCases[i % caseCount]!);
        }
        const produceSeconds = (Date.now() - produceStarted) / 1000;
        const expected = events * n;
        const drainStarted = Date.now();
        let drainedAt: number | undefined;
        while (Date.now() < cutoffAt) {
          const status = await clients.ask<ChildStatus>({ cmd: 'status' }, 'status');
          if (status.delivered >= expected) {
            drainedAt = Date.now();
            break;
          }
          await sleep(100);
        }
        // Negative when production itself overran the cut-off (the producer shares this process's event loop).
        const drained = Math.max(0, ((drainedAt ?? cutoffAt) - drainStarted) / 1000);
        const windowSeconds = ((drainedAt ?? cutoffAt) - produceStarted) / 1000;
        if (drainedAt !== undefined) clients.child.send({ cmd: 'cancelCutoff' } satisfies ParentMessage);
        await cut;
        const platformCpu = process.cpuUsage(platformCpuBefore);
        const profile = await profiler?.stop(`subscriptions-${n}-${rate}${args.distinct ? '-distinct' : ''}`);
        if (profile) progress(`CPU profile of the window: ${profile}`);
        const childCpuMs = (await clients.ask<ChildStatus>({ cmd: 'status' }, 'status')).cpuMs - childCpuBefore;
        const report = await clients.ask<ChildReport>({ cmd: 'report' }, 'report');
        rows.push({
          target,
          rate,
          subscribers: n,
          setupSeconds: grown.ms / 1000,
          syncSeconds,
          events,
          expected,
          report,
          rssPerConnKb: (after.rss - before.rss) / n / 1024,
          heapPerConnKb: (after.heap - before.heap) / n / 1024,
          produceSeconds,
          drainSeconds: drained,
          windowSeconds,
          platformCpuUs: (platformCpu.user + platformCpu.system) / Math.max(1, report.delivered),
          platformSystemShare: platformCpu.system / Math.max(1, platformCpu.user + platformCpu.system),
          clientCpuUs: (childCpuMs * 1000) / Math.max(1, report.delivered),
        });
      }
      if (n < target) break; // capped (descriptors or refusals): a larger step would not be larger
    }

    out('# caseEvents subscription fan-out — gateway → workflows, fed from real Kafka');
    out(`machine  : node ${process.version}, ${os.cpus().length} cores; gateway + identity + workflows in one process, subscribers in a child process, loopback`);
    out(`kafka    : ${brokers.join(',')} topic ${CASE_EVENTS_TOPIC}; each event recorded in workflows' log with its tenant stream position, then produced by KafkaEventBus.publish (acks=all, idempotent), one envelope per send`);
    out(`workload : ${rates.join(', ')} events/s (one row each) for ${seconds}s over ${caseCount} cases of one tenant; every subscriber: caseEvents { sequence type occurredAt cursor caseId } (tenant-wide, no DB reads per event)`);
    out(
      `sharing  : ${args.distinct ? 'OFF (--distinct): each subscriber its own operation, so each is its own upstream subscription and plan execution' : 'ON: one user, one operation on every socket, so the gateway runs one upstream stream and fans it out (SUBSCRIPTION_LIVE_FIELDS)'}`,
    );
    out(`latency  : receipt − occurredAt, occurredAt = wall clock just before produce (ms resolution); includes Kafka produce ack + consume`);
    out(`memory   : (gateway process RSS | heap+external after GC) − baseline before any subscriber, ÷ subscribers; includes the workflows side of each subscription`);
    out(`fd limit : ulimit -n = ${Number.isFinite(limit) ? limit : 'unlimited'}${ladder.some((n) => n > cap) ? ` → subscribers capped at ${cap}` : ' (not limiting)'}`);
    out();
    const headers = ['subscribers', 'rate/s', 'setup s', 'sync s', 'events', 'expected', 'delivered', '%', 'dups', 'prod s', 'deliv/s', 'p50 ms', 'p99 ms', 'max ms', 'p99 ÷ bare', 'drain s', 'cpu µs/deliv srv', 'kernel %', 'cli', 'RSS KB/conn', 'heap KB/conn', 'late', 'errors'];
    const bareP99 = (r: Row) => baseline.find((b) => b.subscribers >= r.subscribers * 0.99 && b.subscribers <= r.subscribers && b.rate === r.rate)?.p99;
    const ratioToBare = (r: Row) => {
      const p99 = bareP99(r);
      return p99 === undefined ? '—' : `${(r.report.p99 / Math.max(1, p99)).toFixed(1)}×`;
    };
    const cells = rows.map((r) => [
      r.subscribers < r.target ? `${r.subscribers} (of ${r.target})` : String(r.subscribers),
      String(r.rate),
      r.setupSeconds.toFixed(1),
      r.syncSeconds.toFixed(1),
      String(r.events),
      r.expected.toLocaleString('en-US'),
      r.report.delivered.toLocaleString('en-US'),
      ((r.report.delivered / r.expected) * 100).toFixed(2),
      String(r.report.duplicates),
      r.produceSeconds.toFixed(1),
      Math.round(r.report.delivered / r.windowSeconds).toLocaleString('en-US'),
      String(r.report.p50),
      String(r.report.p99),
      String(r.report.max),
      ratioToBare(r),
      r.drainSeconds.toFixed(1),
      r.platformCpuUs.toFixed(1),
      (r.platformSystemShare * 100).toFixed(0),
      r.clientCpuUs.toFixed(1),
      r.rssPerConnKb.toFixed(1),
      r.heapPerConnKb.toFixed(1),
      String(r.report.late),
      `${r.report.errors}${r.report.closed ? ` (${r.report.closed} closed)` : ''}`,
    ]);
    const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
    const line = (c: readonly string[]) => c.map((v, i) => v.padStart(widths[i]!)).join('  ');
    out([line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n'));
    for (const r of rows) if (r.report.firstError) out(`N=${r.subscribers} at ${r.rate}/s first error: ${r.report.firstError}`);
    out();
    if (baseline.length) {
      out('# baseline, measured in this run: bare ws fan-out of one pre-encoded 280-byte text frame per event to N plain WebSockets,');
      out('# from this process to the same subscriber process (no GraphQL, no graphql-ws, no Kafka): the floor for any Node fan-out here');
      out(baselineTable(baseline).join('\n'));
      out();
    }
    out(`drain s: time after the last produce until every expected event arrived, cut off at start + ${seconds}s + --drain ${drainSeconds}s; events not`);
    out('         in by then are not counted as delivered (they were still queued, not necessarily lost; "late" = seen after the cut-off). ');
    out(`prod s: wall time the producer took for the events (nominal ${seconds}s; more means this process's loop starved it). deliv/s: deliveries ÷`);
    out('         (first produce → all delivered or cut-off), the fan-out');
    out('         throughput actually sustained. dups: repeats dropped by the client. latency percentiles are over delivered events only.');
    out('cpu µs/deliv: CPU per delivered event over the window, of this process (srv: Kafka producer and consumer, workflows, gateway) and of');
    out('         the subscribers\' process (cli). Both share the machine\'s cores, so one event reaches all N sockets no sooner than');
    out('         N × (srv + cli) ÷ cores: the floor a fan-out burst puts under p99 here.');
    out('p99 ÷ bare: the p99 over the baseline\'s p99 at the same N and rate; the gateway\'s p99 also includes Kafka (produce ack + consume).');
    out('kernel %: the part of srv spent in the kernel: on loopback, a socket write also runs the receiving side\'s TCP work.');
    out(`offered : rate × N deliveries/s (e.g. ${(Math.max(...rates) * Math.max(...rows.map((r) => r.subscribers), 0)).toLocaleString('en-US')}/s at the largest).`);
    const complete = (r: Row) => r.report.delivered === r.expected && r.report.errors === 0;
    const meets = (r: Row) => complete(r) && r.report.p99 < GOAL.p99Ms;
    const goalRows = rows.filter((r) => r.subscribers >= GOAL.subscribers);
    if (goalRows.length) {
      const met = goalRows.filter(meets).map((r) => r.rate);
      out(
        `GOAL ${GOAL.subscribers.toLocaleString('en-US')} subscribers, 100% delivered, p99 < ${GOAL.p99Ms} ms (${args.distinct ? 'nothing shared' : 'shared stream'}): ` +
          (met.length ? `MET at ${met.join(', ')} events/s` : 'NOT MET at any rate measured') +
          (met.length < goalRows.length ? `; NOT MET at ${goalRows.filter((r) => !meets(r)).map((r) => r.rate).join(', ')} events/s` : '') +
          '. Per rate: ' +
          goalRows.map((r) => `${r.rate}/s → ${((r.report.delivered / r.expected) * 100).toFixed(2)}%, p99 ${r.report.p99} ms`).join('; ') +
          '.',
      );
    } else {
      const largest = rows[rows.length - 1];
      out(
        `GOAL ${GOAL.subscribers.toLocaleString('en-US')} subscribers, p99 < ${GOAL.p99Ms} ms: NOT MEASURED — largest step was ${largest?.subscribers ?? 0} subscribers` +
          (largest ? ` (${((largest.report.delivered / largest.expected) * 100).toFixed(2)}% delivered, p99 ${largest.report.p99} ms)` : '') +
          '.',
      );
    }
    const bareAtGoal = baseline.filter((b) => b.subscribers >= GOAL.subscribers);
    if (bareAtGoal.length) {
      out(
        `baseline at ${GOAL.subscribers.toLocaleString('en-US')} sockets: ` +
          bareAtGoal.map((b) => `${b.rate}/s → p99 ${b.p99} ms`).join('; ') +
          (bareAtGoal.every((b) => b.p99 >= GOAL.p99Ms) ? `: the bare fan-out itself misses p99 < ${GOAL.p99Ms} ms on this machine.` : '.'),
      );
    }
    const incomplete = rows.filter((r) => !complete(r)).map((r) => `${r.subscribers}@${r.rate}/s`);
    if (incomplete.length) out(`delivery below 100% or with errors at ${incomplete.join(', ')}`);
    out(`total bench time ${((Date.now() - started) / 1000).toFixed(1)}s`);
  } finally {
    if (clients) {
      clients.child.removeAllListeners('exit');
      clients.child.send({ cmd: 'exit' } satisfies ParentMessage);
    }
    await bareServer?.close();
    await producer.close();
    await platform.close();
  }
}

main()
  .catch((error: unknown) => {
    console.error('bench failed:', error);
    process.exitCode = 1;
  })
  .finally(() => {
    // kafkajs and PGlite can hold the loop open for a while after close; the report is out.
    setTimeout(() => process.exit(), 2_000).unref();
  });
