/**
 * The subscribers of the subscriptions bench, run as a child process (node --import tsx, IPC) so
 * that their sockets and CPU are not counted in the gateway process's memory. Each subscriber is
 * its own graphql-ws client (its own WebSocket) subscribed to `caseEvents` for the whole tenant.
 * Latency = receipt time − the event's `occurredAt`, which the producer sets to its produce time.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { BareFanoutClients, type BareReport } from './bare-fanout.js';

export const CASE_EVENTS_QUERY = 'subscription { caseEvents { sequence type occurredAt cursor caseId } }';
/**
 * The same stream under an operation name of its own per subscriber: the gateway shares a live
 * stream only between identical operations, so this measures every subscription served on its own.
 */
export const distinctQuery = (n: number) => `subscription Dashboard${n} { caseEvents { sequence type occurredAt cursor caseId } }`;

export type ParentMessage =
  | { cmd: 'grow'; url: string; token: string; target: number; batch: number; distinct: boolean }
  | { cmd: 'phase'; syncCase: string; measureCases: string[] }
  /** Events received after `at` (epoch ms) are not counted, and at `at` every socket is paused so a backlog cannot delay the report. */
  | { cmd: 'cutoff'; at: number }
  /** The phase drained before its cut-off: drop the pending cut-off without pausing anything. */
  | { cmd: 'cancelCutoff' }
  | { cmd: 'status' }
  | { cmd: 'report' }
  /** The baseline (bare-fanout.ts): open `count` plain WebSockets, reset its counts, report, close them. */
  | { cmd: 'bareOpen'; url: string; count: number; batch: number }
  | { cmd: 'bareReset' }
  | { cmd: 'bareCount' }
  | { cmd: 'bareReport' }
  | { cmd: 'bareClose' }
  | { cmd: 'exit' };

export interface ChildStatus {
  kind: 'status';
  /** CPU this process has used so far (user + system), ms. */
  cpuMs: number;
  subscribers: number;
  syncSeen: number;
  delivered: number;
  errors: number;
  closed: number;
}

export interface ChildReport {
  kind: 'report';
  subscribers: number;
  delivered: number;
  duplicates: number;
  minPerSubscriber: number;
  maxPerSubscriber: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  closed: number;
  firstError: string | undefined;
  /** Events of the measured cases that arrived after the cut-off (not counted as delivered). */
  late: number;
}

export interface BareOpened {
  kind: 'bareOpened';
  opened: number;
  failed: number;
  firstError: string | undefined;
}

export interface BareStatus extends BareReport {
  kind: 'bareReport';
  /** CPU this process has used so far (user + system), ms. */
  cpuMs: number;
}

export interface GrowReply {
  kind: 'grown';
  subscribers: number;
  failed: number;
  ms: number;
  firstError: string | undefined;
}

interface Subscriber {
  client: Client;
  /** Events of the measured cases received in the current phase. */
  count: number;
  sawSync: boolean;
  /** Last sequence per measured case, to spot repeats. */
  last: Map<string, number>;
}

const subscribers: Subscriber[] = [];
const bare = new BareFanoutClients();
let syncCase = '';
let measureCases = new Set<string>();
let syncSeen = 0;
let delivered = 0;
let duplicates = 0;
let errors = 0;
let closed = 0;
let firstError: string | undefined;
let latencies = new Float64Array(1 << 16);
let latencyCount = 0;
let cutoffAt = Number.POSITIVE_INFINITY;
let cutoffTimer: NodeJS.Timeout | undefined;
let late = 0;
/** Every socket the clients open, so they can be paused at the cut-off and resumed for the next phase. */
const sockets = new Set<WebSocket>();
class TrackedWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    sockets.add(this);
    this.once('close', () => sockets.delete(this));
  }
}

function recordLatency(ms: number) {
  if (latencyCount === latencies.length) {
    const bigger = new Float64Array(latencies.length * 2);
    bigger.set(latencies);
    latencies = bigger;
  }
  latencies[latencyCount++] = ms;
}

const noteError = (error: unknown) => {
  errors += 1;
  firstError ??= error instanceof Error ? error.message : JSON.stringify(error);
};

interface Notification {
  sequence: number;
  type: string;
  occurredAt: string;
  cursor: string;
  caseId: string;
}

/** Opens one subscriber; resolves once its socket is acknowledged (connection_ack) and the subscribe message is sent. */
function open(url: string, token: string, query: string): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      // dispose() rejects once the attempt it waits for fails; the timeout below is the error reported.
      Promise.resolve(client.dispose()).catch(() => undefined);
      reject(new Error('no connection_ack within 30s'));
    }, 30_000);
    const client = createClient({
      url,
      webSocketImpl: TrackedWebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: true,
      retryAttempts: 0,
      on: {
        connected: () => {
          clearTimeout(timer);
          if (!settled) {
            settled = true;
            resolve(subscriber);
          }
        },
        closed: (event) => {
          if (!settled) {
            settled = true;
            reject(new Error(`closed before ack (${(event as { code?: number }).code ?? '?'})`));
          } else closed += 1;
        },
      },
    });
    const subscriber: Subscriber = { client, count: 0, sawSync: false, last: new Map() };
    client.subscribe<{ caseEvents: Notification }>(
      { query },
      {
        next: (result) => {
          const received = Date.now();
          const event = result.data?.caseEvents;
          if (!event) {
            noteError(result.errors ?? result);
            return;
          }
          const { caseId } = event;
          if (caseId === syncCase) {
            if (!subscriber.sawSync) {
              subscriber.sawSync = true;
              syncSeen += 1;
            }
            return;
          }
          if (!measureCases.has(caseId)) return;
          if (received > cutoffAt) {
            late += 1;
            return;
          }
          const last = subscriber.last.get(caseId) ?? 0;
          if (event.sequence <= last) {
            duplicates += 1;
            return;
          }
          subscriber.last.set(caseId, event.sequence);
          subscriber.count += 1;
          delivered += 1;
          recordLatency(received - Date.parse(event.occurredAt));
        },
        error: (error) => {
          noteError(error);
          if (!settled) {
            settled = true;
            reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
          }
        },
        complete: () => undefined,
      },
    );
  });
}

async function grow(message: Extract<ParentMessage, { cmd: 'grow' }>): Promise<GrowReply> {
  const started = Date.now();
  let failed = 0;
  let failure: string | undefined;
  while (subscribers.length + failed < message.target) {
    const size = Math.min(message.batch, message.target - subscribers.length - failed);
    const first = subscribers.length + failed;
    const results = await Promise.allSettled(
      Array.from({ length: size }, (_, i) => open(message.url, message.token, message.distinct ? distinctQuery(first + i) : CASE_EVENTS_QUERY)),
    );
    for (const result of results) {
      if (result.status === 'fulfilled') subscribers.push(result.value);
      else {
        failed += 1;
        failure ??= result.reason instanceof Error ? result.reason.message : String(result.reason);
      }
    }
    // Stop early rather than hammer a server that refuses connections (e.g. out of file descriptors).
    if (failed > 0 && failed >= size) break;
  }
  return { kind: 'grown', subscribers: subscribers.length, failed, ms: Date.now() - started, firstError: failure };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

function report(): ChildReport {
  const sorted = latencies.slice(0, latencyCount).sort();
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const s of subscribers) {
    min = Math.min(min, s.count);
    max = Math.max(max, s.count);
  }
  return {
    kind: 'report',
    subscribers: subscribers.length,
    delivered,
    duplicates,
    minPerSubscriber: subscribers.length ? min : 0,
    maxPerSubscriber: max,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    errors,
    closed,
    firstError,
    late,
  };
}

const send = (message: unknown) => process.send?.(message);
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

process.on('message', (message: ParentMessage) => {
  switch (message.cmd) {
    case 'grow':
      void grow(message).then(send, (error: unknown) => send({ kind: 'failed', error: String(error) }));
      break;
    case 'phase':
      syncCase = message.syncCase;
      measureCases = new Set(message.measureCases);
      syncSeen = 0;
      delivered = 0;
      duplicates = 0;
      latencyCount = 0;
      late = 0;
      if (cutoffTimer) {
        // The previous phase finished before its cut-off: answer its waiter without pausing.
        clearTimeout(cutoffTimer);
        cutoffTimer = undefined;
        send({ kind: 'cut' });
      }
      cutoffAt = Number.POSITIVE_INFINITY;
      for (const socket of sockets) socket.resume();
      for (const s of subscribers) {
        s.count = 0;
        s.sawSync = false;
        s.last.clear();
      }
      send({ kind: 'phased' });
      break;
    case 'cutoff':
      cutoffAt = message.at;
      cutoffTimer = setTimeout(() => {
        cutoffTimer = undefined;
        for (const socket of sockets) socket.pause();
        send({ kind: 'cut' });
      }, Math.max(0, message.at - Date.now()));
      break;
    case 'cancelCutoff':
      if (cutoffTimer) clearTimeout(cutoffTimer);
      cutoffTimer = undefined;
      send({ kind: 'cut' });
      break;
    case 'status':
      send({ kind: 'status', cpuMs: cpuMs(), subscribers: subscribers.length, syncSeen, delivered, errors, closed } satisfies ChildStatus);
      break;
    case 'report':
      send(report());
      break;
    case 'bareOpen':
      void bare.open(message.url, message.count, message.batch).then(
        (opened) => send({ kind: 'bareOpened', ...opened } satisfies BareOpened),
        (error: unknown) => send({ kind: 'failed', error: String(error) }),
      );
      break;
    case 'bareReset':
      bare.reset();
      send({ kind: 'bareReset' });
      break;
    case 'bareCount':
      send({ kind: 'bareCount', delivered: bare.delivered });
      break;
    case 'bareReport':
      send({ kind: 'bareReport', cpuMs: cpuMs(), ...bare.report() } satisfies BareStatus);
      break;
    case 'bareClose':
      bare.close();
      send({ kind: 'bareClosed' });
      break;
    case 'exit':
      // Terminate without close handshakes: 10k graceful closes only slow the teardown.
      for (const s of subscribers) s.client.terminate();
      bare.close();
      setTimeout(() => process.exit(0), 100);
      break;
  }
});
process.on('disconnect', () => process.exit(0));
send({ kind: 'ready' });
