import { z } from 'zod';
import { operationLimitsEnvShape } from './graphql/operation-limits-config.js';
import { costLimitEnvShape } from './graphql/operation-cost.js';

/**
 * Thrown when the environment does not satisfy a service's config schema.
 * The message lists every problem at once, so an operator fixes them in one pass.
 */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(service: string, problems: readonly string[]) {
    super(`Invalid configuration for ${service}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Parses `env` against `shape`; blank strings count as unset so `FOO=` falls back to the default. */
export function loadConfig<S extends z.ZodRawShape>(service: string, shape: S, env: Env = process.env): z.infer<z.ZodObject<S>> {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') cleaned[key] = value;
  }
  const parsed = z.object(shape).safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(root)';
      return cleaned[key] === undefined ? `${key} is required (${issue.message})` : `${key}=${JSON.stringify(cleaned[key])} is invalid: ${issue.message}`;
    });
    throw new ConfigError(service, problems);
  }
  return parsed.data;
}

/** Reusable field types for env schemas. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  url: () => z.url(),
  optionalUrl: () => z.url().optional(),
  nodeEnv: () => z.enum(['development', 'test', 'production']).default('development'),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
} as const;

/** Settings every subgraph shares: where its store lives and how it finds identity's keys. */
export const subgraphEnvShape = {
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: env.optionalUrl(),
  PGLITE_DIR: z.string().optional(),
  /** Unset: the in-process cache. */
  REDIS_URL: env.optionalUrl(),
  /** Comma-separated host:port list. Unset: the in-process event bus. */
  KAFKA_BROKERS: z.string().regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'expected host:port[,host:port...]').optional(),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(64).default(3),
  JWKS_URL: z.url().default('http://localhost:4001/.well-known/jwks.json'),
  JWT_ISSUER: z.string().default('flowgraph-identity'),
  JWT_AUDIENCE: z.string().default('flowgraph'),
  SEED_DEMO_DATA: env.bool(false),
  ...operationLimitsEnvShape,
  ...costLimitEnvShape,
} as const;

export type SubgraphEnv = z.infer<z.ZodObject<typeof subgraphEnvShape>>;
