import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  parse,
  TypeInfo,
  ValidationContext,
  visit,
  visitInParallel,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import type { OperationLimits } from './operation-limits-config.js';

export const OPERATION_TOO_COMPLEX = 'OPERATION_TOO_COMPLEX';

export type LimitName = 'bodyBytes' | 'jsonDepth' | 'batch' | 'tokens' | 'depth' | 'aliases' | 'directives' | 'rootFields' | 'fields' | 'cost';

/** What a client sees when a request exceeds a limit: which one, its value and what was measured. */
export function operationTooComplex(limit: LimitName, max: number, measured: number | string, status = 400): GraphQLError {
  return new GraphQLError(`Operation exceeds the ${limit} limit of ${max} (found ${measured})`, {
    extensions: { code: OPERATION_TOO_COMPLEX, limit, max, measured, http: { status } },
  });
}

/**
 * Field selections of each operation with every fragment spread expanded, and its root fields.
 * Each fragment is measured once (memoised), so a fragment that spreads another twice per level
 * (2^n selections once expanded) costs n steps to measure, not 2^n. Fragment cycles count 0:
 * validation refuses them anyway.
 */
export function measureSelections(document: DocumentNode): { fields: number; rootFields: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const memo = new Map<string, number>();
  const visiting = new Set<string>();

  const fragmentFields = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || visiting.has(name)) return 0;
    visiting.add(name);
    const total = fields(fragment.selectionSet);
    visiting.delete(name);
    memo.set(name, total);
    return total;
  };
  const fields = (set: SelectionSetNode): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) total += 1 + (selection.selectionSet ? fields(selection.selectionSet) : 0);
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += fields(selection.selectionSet);
      else total += fragmentFields(selection.name.value);
    }
    return Math.min(total, Number.MAX_SAFE_INTEGER);
  };
  const rootFieldsOf = (set: SelectionSetNode, seen: Set<string>): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) total += 1;
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += rootFieldsOf(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) total += rootFieldsOf(fragment.selectionSet, seen);
      }
    }
    return total;
  };

  let maxFields = 0;
  let maxRoot = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    maxFields = Math.max(maxFields, fields(definition.selectionSet));
    maxRoot = Math.max(maxRoot, rootFieldsOf(definition.selectionSet, new Set()));
  }
  return { fields: maxFields, rootFields: maxRoot };
}

const ARMOR_MESSAGE = /limit of (\d+) exceeded, found (\d+)/;

/** GraphQL Armor's depth, alias and directive rules (fragment-memoised walkers), reporting the first limit exceeded. */
function armorViolation(schema: GraphQLSchema, document: DocumentNode, limits: OperationLimits): GraphQLError | undefined {
  let violation: GraphQLError | undefined;
  const report = (limit: LimitName, max: number) => (_context: ValidationContext | null, error: GraphQLError) => {
    const measured = ARMOR_MESSAGE.exec(error.message)?.[2];
    violation ??= operationTooComplex(limit, max, measured ? Number(measured) : `more than ${max}`);
  };
  const common = { propagateOnRejection: false, exposeLimits: true } as const;
  const rules: ValidationRule[] = [
    maxDepthRule({ ...common, n: limits.maxDepth, onReject: [report('depth', limits.maxDepth)] }),
    maxAliasesRule({ ...common, n: limits.maxAliases, onReject: [report('aliases', limits.maxAliases)] }),
    maxDirectivesRule({ ...common, n: limits.maxDirectives, onReject: [report('directives', limits.maxDirectives)] }),
  ];
  // Visited directly rather than through validate(): the rules need only the document's fragments,
  // and validate() would refuse a schema built by a CommonJS copy of graphql (@apollo/subgraph's).
  const context = new ValidationContext(schema, document, new TypeInfo(schema), () => undefined);
  visit(document, visitInParallel(rules.map((rule) => rule(context))));
  return violation;
}

/** The first limit `document` exceeds, if any; cheap: linear in the document's size. */
export function operationLimitViolation(schema: GraphQLSchema, document: DocumentNode, limits: OperationLimits): GraphQLError | undefined {
  const measured = measureSelections(document);
  if (measured.fields > limits.maxFields) return operationTooComplex('fields', limits.maxFields, measured.fields);
  if (measured.rootFields > limits.maxRootFields) return operationTooComplex('rootFields', limits.maxRootFields, measured.rootFields);
  return armorViolation(schema, document, limits);
}

// graphql 16 spells it "more that"; either spelling.
const TOKEN_LIMIT_MESSAGE = /contains more tha[nt] \d+ tokens/;

/**
 * The first limit the operation text `query` exceeds, if any. It is parsed with a token limit,
 * so parsing stops at the limit, then measured before graphql-js's own validation (whose
 * overlapping-fields rule alone spends ~65 ms on an 18-level fragment explosion) and before any
 * planning. A document that does not parse is left to the server to report.
 */
export function documentLimitViolation(query: string, schema: GraphQLSchema, limits: OperationLimits): GraphQLError | undefined {
  return measureDocument(query, schema, limits).violation;
}

/**
 * documentLimitViolation, and the parsed document when it is within the limits, for a caller that
 * goes on with it (the websocket guard estimates its cost) instead of parsing it again.
 * Neither, when it does not parse.
 */
export function measureDocument(query: string, schema: GraphQLSchema, limits: OperationLimits): { violation?: GraphQLError; document?: DocumentNode } {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens, noLocation: true });
  } catch (error) {
    if (error instanceof GraphQLError && TOKEN_LIMIT_MESSAGE.test(error.message)) return { violation: operationTooComplex('tokens', limits.maxTokens, `more than ${limits.maxTokens}`) };
    return {};
  }
  const violation = operationLimitViolation(schema, document, limits);
  return violation ? { violation } : { document };
}
