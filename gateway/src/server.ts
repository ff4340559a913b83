import { MemoryCache, RedisCache, createLogger } from '@flowgraph/shared';
import { gatewayConfigFromEnv } from './config.js';
import { startGateway } from './gateway.js';

const config = gatewayConfigFromEnv();
const cache = config.redisUrl ? new RedisCache(config.redisUrl) : new MemoryCache();
const running = await startGateway(config, { logger: createLogger('gateway', config.logLevel), cache });
const stop = async () => {
  await running.close();
  await cache.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
