export { gatewayConfigFromEnv, type GatewayConfig } from './config.js';
export { startGateway, type RunningGateway } from './gateway.js';
export type { GatewayContext } from './subgraph-data-source.js';
