import { createLogger } from '@flowgraph/shared';
import { gatewayConfigFromEnv } from './config.js';
import { startGateway } from './gateway.js';

const config = gatewayConfigFromEnv();
const running = await startGateway(config, createLogger('gateway', config.logLevel));
const stop = async () => {
  await running.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
