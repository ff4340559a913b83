/**
 * The baseline of the subscriptions bench: the cheapest fan-out Node can do on this machine. A bare
 * `ws` server in the platform's process writes one pre-encoded text frame, the size of a
 * `caseEvents` notification, to every socket; the subscribers' process parses it and takes the
 * latency from the send time it carries. No GraphQL, no graphql-ws, no Kafka: what is left is the
 * per-socket cost of the WebSocket framing, the socket write (on loopback, the kernel also runs the
 * receiver's TCP work in the writer's thread) and the reading side, on the same cores as the real
 * measurement. A p99 the baseline cannot reach, the gateway cannot either.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { percentile } from './stats.js';

/** About the size of a graphql-ws `next` message of the bench's `caseEvents` selection. */
const FRAME_BYTES = 280;

export class BareFanoutServer {
  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
  ) {}

  static async start(): Promise<BareFanoutServer> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return new BareFanoutServer(http, wss);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  get connections(): number {
    return this.wss.clients.size;
  }

  /** One frame, encoded once, written to every open socket. */
  broadcast(): void {
    const head = `{"t":${Date.now()},"pad":"`;
    const frame = Buffer.from(`${head}${'x'.repeat(Math.max(0, FRAME_BYTES - head.length - 2))}"}`);
    for (const socket of this.wss.clients) socket.send(frame, { binary: false });
  }

  async close(): Promise<void> {
    for (const socket of this.wss.clients) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

export interface BareReport {
  delivered: number;
  p50: number;
  p99: number;
  max: number;
}

/** The reading side, in the subscribers' process. */
export class BareFanoutClients {
  private readonly sockets = new Set<WebSocket>();
  private latencies: number[] = [];

  get delivered(): number {
    return this.latencies.length;
  }

  /** Opens `count` sockets, `batch` at a time; resolves with how many opened and the first failure. */
  async open(url: string, count: number, batch: number): Promise<{ opened: number; failed: number; firstError: string | undefined }> {
    let failed = 0;
    let firstError: string | undefined;
    while (this.sockets.size + failed < count) {
      const size = Math.min(batch, count - this.sockets.size - failed);
      const results = await Promise.allSettled(Array.from({ length: size }, () => this.connect(url)));
      for (const result of results) {
        if (result.status === 'rejected') {
          failed += 1;
          firstError ??= result.reason instanceof Error ? result.reason.message : String(result.reason);
        }
      }
      if (failed > 0 && failed >= size) break;
    }
    return { opened: this.sockets.size, failed, firstError };
  }

  private connect(url: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => {
        this.sockets.add(socket);
        resolve();
      });
      socket.once('error', reject);
      socket.once('close', () => this.sockets.delete(socket));
      socket.on('message', (data: Buffer) => {
        const received = Date.now();
        const { t } = JSON.parse(data.toString('utf8')) as { t: number };
        this.latencies.push(received - t);
      });
    });
  }

  reset(): void {
    this.latencies = [];
  }

  report(): BareReport {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return { delivered: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN };
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
  }
}
