/**
 * Memory a gateway gives back after websocket connections close. The whole platform runs in this
 * process on embedded stores (as `npm start`); N graphql-ws clients (in this process too) each open
 * one subscription through the gateway, then all close. Heap and RSS are read after forced GCs:
 * before any socket (the baseline, same run), with N open, and after they closed, over two rounds,
 * so memory that is not given back shows as growth from round to round.
 *
 *   npm run bench:ws-memory -- [--sockets 2000] [--rounds 2]
 */
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { demo } from '@flowgraph/shared';
import { startPlatform } from '../scripts/lib/platform.js';

const { values: args } = parseArgs({ options: { sockets: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '2' } } });
const sockets = Number(args.sockets);
const rounds = Number(args.rounds);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:ws-memory does)');

// One user from one address opens every socket: lift the per-user and per-address bounds for the bench.
process.env.SUBSCRIPTION_MAX_PER_USER = String(sockets * 2);
process.env.WS_CONNECTIONS_PER_MINUTE = String(sockets * rounds * 2);
// Each subscription spends the person's rate-limit budget, as any operation does.
process.env.RATE_LIMIT_USER = String(sockets * rounds * 2);

const settle = async () => {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
const sample = async () => {
  await settle();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed + usage.external };
};
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const out = (line = '') => process.stdout.write(`${line}\n`);

const platform = await startPlatform({ basePort: 0, host: '127.0.0.1', seed: true, logLevel: 'silent', supergraphPath: 'schema/supergraph.graphql', watchSupergraph: false, identity: { JWT_ISSUER: 'flowgraph-identity', JWT_AUDIENCE: 'flowgraph', JWT_DEV_KEY_FILE: '' } });
try {
  const url = `${platform.gateway.url}/`;
  const login = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', variables: { i: { email: demo.users.user.email, password: demo.password } } }) });
  const token = ((await login.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken;
  const wsUrl = `${platform.gateway.url.replace('http', 'ws')}/graphql`;

  /** N connections with one subscription each, resolved once every connection is acknowledged and has subscribed. */
  async function openAll(): Promise<Client[]> {
    const clients: Client[] = [];
    for (let i = 0; i < sockets; i += 100) {
      const batch = Array.from({ length: Math.min(100, sockets - i) }, () => {
        const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
        clients.push(client);
        return new Promise<void>((resolve, reject) => {
          client.on('connected', () => resolve());
          client.on('closed', () => reject(new Error('a socket closed while opening')));
          client.subscribe({ query: 'subscription { workQueueChanged { kind } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
        });
      });
      await Promise.all(batch);
    }
    // The subscriptions share one upstream stream (one caller, one live operation): wait until it is open.
    while (platform.gateway.openUpstreamSubscriptions() < 1) await new Promise((resolve) => setTimeout(resolve, 20));
    return clients;
  }

  const base = await sample();
  const rows: string[] = [];
  let previousAfter = base;
  for (let round = 1; round <= rounds; round++) {
    const clients = await openAll();
    const open = await sample();
    await Promise.all(clients.map(async (client) => { await client.dispose(); }));
    const deadline = Date.now() + 30_000;
    while (platform.gateway.openUpstreamSubscriptions() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const after = await sample();
    const grown = open.heap - base.heap;
    rows.push(
      [
        `${round}`.padStart(5),
        mb(open.heap).padStart(9),
        mb(after.heap).padStart(9),
        ((open.heap - base.heap) / sockets / 1024).toFixed(1).padStart(10),
        `${(((after.heap - base.heap) / grown) * 100).toFixed(1)}%`.padStart(10),
        ((after.heap - previousAfter.heap) / 1024 / 1024).toFixed(2).padStart(10),
        mb(open.rss).padStart(8),
        mb(after.rss).padStart(8),
        (after.rss / base.rss).toFixed(2).padStart(8),
      ].join('  '),
    );
    previousAfter = after;
  }
  out(`# websocket memory returned after close — ${sockets} sockets × 1 subscription each, gateway + subgraphs + clients in one process (node ${process.version})`);
  out(`baseline before any socket: heap+external ${mb(base.heap)} MB, rss ${mb(base.rss)} MB`);
  out('round  heap open  heap after  KB/socket  kept/grown  Δ vs prev MB  rss open  rss after  rss÷base');
  for (const row of rows) out(row);
  out('heap = heapUsed + external after forced GC; kept/grown = (after − baseline) ÷ (open − baseline); Δ vs prev = heap after this round − after the previous (the baseline for round 1)');
} finally {
  await platform.close();
}
