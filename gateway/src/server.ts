import { Redis } from 'ioredis';
import { MemoryCache } from '@flowgraph/shared/cache/memory-cache';
import { RedisCache } from '@flowgraph/shared/cache/redis-cache';
import { createLogger } from '@flowgraph/shared/logger';
import { gatewayConfigFromEnv } from './config.js';
import { startGateway } from './gateway.js';

const config = gatewayConfigFromEnv();
const cache = config.redisUrl ? new RedisCache(config.redisUrl) : new MemoryCache();
// Rate limits want errors at once when Redis is away (they fall back to in-process budgets), not queued commands.
const redis = config.redisUrl ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : undefined;
const running = await startGateway(config, { logger: createLogger('gateway', config.logLevel), cache, redis });
const stop = async () => {
  await running.close();
  await cache.close();
  redis?.disconnect();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
