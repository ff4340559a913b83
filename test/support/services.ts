import { inject } from 'vitest';

export type ServiceVariable = 'DATABASE_URL' | 'REDIS_URL' | 'KAFKA_BROKERS' | 'MONGODB_URL' | 'STRIPE_API_BASE';

declare module 'vitest' {
  export interface ProvidedContext {
    services: Partial<Record<ServiceVariable, string>>;
  }
}

/**
 * Real services are provisioned by the vitest global setup (services/services.sh) or taken
 * from the environment. A missing one is a failure, never a skip.
 */
export function requireService(variable: ServiceVariable): string {
  const value = inject('services')[variable] ?? process.env[variable];
  if (!value) throw new Error(`${variable} is not set: the test global setup should have provisioned it (bash services/services.sh up)`);
  return value;
}
