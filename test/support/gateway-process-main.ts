/**
 * A gateway alone in a child process (see gateway-process.ts), so that the CPU it spends can be read
 * from outside, apart from the subgraphs and the test's own client. Its configuration arrives as JSON
 * in FLOWGRAPH_GATEWAY_PROCESS; it reports its URL over IPC and stops when asked or when orphaned.
 */
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { startGateway, type GatewayConfig } from '@flowgraph/gateway';
import { RedisCache, createLogger } from '@flowgraph/shared';

const { config, redisUrl, redisPrefix } = JSON.parse(process.env.FLOWGRAPH_GATEWAY_PROCESS ?? '{}') as { config: GatewayConfig; redisUrl: string; redisPrefix: string };
const cache = new RedisCache(redisUrl, redisPrefix);
const redis = new Redis(redisUrl, { keyPrefix: redisPrefix, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
await once(redis, 'ready');
const running = await startGateway(config, { logger: createLogger('gateway', 'silent'), cache, redis });

const stop = async () => {
  await running.close();
  await cache.close();
  redis.disconnect();
  process.exit(0);
};
process.on('message', (message) => {
  if (message === 'stop') void stop();
  if (message === 'gc') {
    // Started with --expose-gc (see gateway-process.ts): a full collection, on request, between measurements.
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.('gc-done');
  }
});
process.once('disconnect', () => void stop());
process.send?.({ url: running.url });
