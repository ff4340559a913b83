import { z } from 'zod';

/**
 * Bounds on what one HTTP request may ask of a GraphQL server, checked before any planning or
 * execution. The gateway and every subgraph apply the same bounds (subgraphs are reachable
 * directly), from the same environment variables.
 */
export interface OperationLimits {
  /** Bytes of request body; larger bodies get HTTP 413 without being read further. */
  maxBodyBytes: number;
  /** Nesting of JSON objects and arrays in the body or in GET's `variables`/`extensions`. */
  maxJsonDepth: number;
  /** Operations in one batched (JSON array) request; 1 means batching is off. */
  maxBatch: number;
  /** Lexical tokens of the document (counted before parsing, stopping at the limit). */
  maxTokens: number;
  /** Field nesting, fragments expanded; introspection's `__schema` is not counted. */
  maxDepth: number;
  /** Aliased fields, fragments expanded (`__typename` aliases are free). */
  maxAliases: number;
  /** Directives, fragments expanded. */
  maxDirectives: number;
  /** Fields selected at the root of an operation. */
  maxRootFields: number;
  /** Field selections once every fragment spread is expanded: what stops fragment explosions. */
  maxFields: number;
}

export const DEFAULT_OPERATION_LIMITS: Readonly<OperationLimits> = {
  maxBodyBytes: 1_000_000,
  maxJsonDepth: 64,
  maxBatch: 1,
  maxTokens: 5_000,
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 50,
  maxRootFields: 20,
  maxFields: 1_500,
};

const bound = (min: number, max: number) => z.coerce.number().int().min(min).max(max).optional();

/** Environment variables of the limits; unset ones take DEFAULT_OPERATION_LIMITS. */
export const operationLimitsEnvShape = {
  MAX_BODY_BYTES: bound(1_024, 100_000_000),
  MAX_JSON_DEPTH: bound(2, 10_000),
  MAX_BATCH_OPERATIONS: bound(1, 1_000),
  OPERATION_MAX_TOKENS: bound(10, 1_000_000),
  OPERATION_MAX_DEPTH: bound(1, 1_000),
  OPERATION_MAX_ALIASES: bound(0, 100_000),
  OPERATION_MAX_DIRECTIVES: bound(0, 100_000),
  OPERATION_MAX_ROOT_FIELDS: bound(1, 10_000),
  OPERATION_MAX_FIELDS: bound(1, 10_000_000),
};

export type OperationLimitsEnv = { [K in keyof typeof operationLimitsEnvShape]?: number | undefined };

export function operationLimitsFromEnv(values: OperationLimitsEnv): OperationLimits {
  const d = DEFAULT_OPERATION_LIMITS;
  return {
    maxBodyBytes: values.MAX_BODY_BYTES ?? d.maxBodyBytes,
    maxJsonDepth: values.MAX_JSON_DEPTH ?? d.maxJsonDepth,
    maxBatch: values.MAX_BATCH_OPERATIONS ?? d.maxBatch,
    maxTokens: values.OPERATION_MAX_TOKENS ?? d.maxTokens,
    maxDepth: values.OPERATION_MAX_DEPTH ?? d.maxDepth,
    maxAliases: values.OPERATION_MAX_ALIASES ?? d.maxAliases,
    maxDirectives: values.OPERATION_MAX_DIRECTIVES ?? d.maxDirectives,
    maxRootFields: values.OPERATION_MAX_ROOT_FIELDS ?? d.maxRootFields,
    maxFields: values.OPERATION_MAX_FIELDS ?? d.maxFields,
  };
}
