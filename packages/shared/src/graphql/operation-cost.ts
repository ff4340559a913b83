import {
  Kind,
  OperationTypeNode,
  parse,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type GraphQLError,
  type ValueNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { z } from 'zod';
import { operationTooComplex } from './operation-limits.js';

/** Federation's demand-control directives as the schema declares them (`@cost`, `@listSize`). */
export interface CostDirectives {
  /** `Type.field` → @cost(weight) on the field. */
  fieldWeights: ReadonlyMap<string, number>;
  /** `Type` → @cost(weight) on an object, scalar or enum: what each value of it costs. */
  typeWeights: ReadonlyMap<string, number>;
  /** `Type.field` → @listSize. */
  listSizes: ReadonlyMap<string, ListSize>;
}

export interface ListSize {
  assumedSize?: number | undefined;
  slicingArguments?: readonly string[] | undefined;
  /** Fields of the returned object that carry the list (a connection's `edges`). */
  sizedFields?: readonly string[] | undefined;
}

export interface CostOptions {
  directives: CostDirectives;
  /** Items assumed in a list that neither @listSize nor a slicing argument sizes. */
  defaultListSize: number;
  variables?: Readonly<Record<string, unknown>> | undefined;
  operationName?: string | null | undefined;
}

/** The cost limit: `enforce` refuses over budget, `log` only reports estimated and actual cost, `off` measures nothing. */
export interface CostLimit {
  maxCost: number;
  mode: 'enforce' | 'log' | 'off';
  defaultListSize: number;
}

export const DEFAULT_COST_LIMIT: Readonly<CostLimit> = { maxCost: 5_000, mode: 'enforce', defaultListSize: 10 };

/** Environment variables of the cost limit; unset ones take DEFAULT_COST_LIMIT. */
export const costLimitEnvShape = {
  OPERATION_MAX_COST: z.coerce.number().int().min(1).max(1_000_000_000).optional(),
  OPERATION_COST_MODE: z.enum(['enforce', 'log', 'off']).optional(),
  OPERATION_COST_DEFAULT_LIST_SIZE: z.coerce.number().int().min(1).max(100_000).optional(),
};

export function costLimitFromEnv(values: { OPERATION_MAX_COST?: number | undefined; OPERATION_COST_MODE?: CostLimit['mode'] | undefined; OPERATION_COST_DEFAULT_LIST_SIZE?: number | undefined }): CostLimit {
  return {
    maxCost: values.OPERATION_MAX_COST ?? DEFAULT_COST_LIMIT.maxCost,
    mode: values.OPERATION_COST_MODE ?? DEFAULT_COST_LIMIT.mode,
    defaultListSize: values.OPERATION_COST_DEFAULT_LIST_SIZE ?? DEFAULT_COST_LIMIT.defaultListSize,
  };
}

/** Arguments that size a list when the field declares no @listSize (the repo's paging argument is `first`). */
const DEFAULT_SLICING_ARGUMENTS = ['first', 'last', 'limit'];
/** What each mutation root field costs before its selections, as in Apollo's demand control. */
const MUTATION_WEIGHT = 10;
const COST_NAMES = new Set(['cost', 'federation__cost']);
const LIST_SIZE_NAMES = new Set(['listSize', 'federation__listSize']);

/** Reads @cost and @listSize from a schema's SDL (a subgraph's, or the supergraph, where composition keeps them). */
export function costDirectivesFromSdl(sdl: string): CostDirectives {
  const fieldWeights = new Map<string, number>();
  const typeWeights = new Map<string, number>();
  const listSizes = new Map<string, ListSize>();
  const argument = (directive: { arguments?: readonly { name: { value: string }; value: ValueNode }[] | undefined }, name: string): unknown => {
    const found = directive.arguments?.find((arg) => arg.name.value === name);
    return found ? valueFromASTUntyped(found.value) : undefined;
  };
  for (const definition of parse(sdl, { noLocation: true }).definitions) {
    if (!('name' in definition) || !definition.name || !('directives' in definition)) continue;
    const typeName = definition.name.value;
    for (const directive of definition.directives ?? []) {
      if (COST_NAMES.has(directive.name.value)) typeWeights.set(typeName, Number(argument(directive, 'weight')) || 0);
    }
    if (!('fields' in definition) || !definition.fields) continue;
    for (const field of definition.fields) {
      if (field.kind !== Kind.FIELD_DEFINITION) continue;
      const key = `${typeName}.${field.name.value}`;
      for (const directive of field.directives ?? []) {
        if (COST_NAMES.has(directive.name.value)) fieldWeights.set(key, Number(argument(directive, 'weight')) || 0);
        if (LIST_SIZE_NAMES.has(directive.name.value)) {
          const assumed = argument(directive, 'assumedSize');
          const slicing = argument(directive, 'slicingArguments');
          const sized = argument(directive, 'sizedFields');
          listSizes.set(key, {
            assumedSize: typeof assumed === 'number' ? assumed : undefined,
            slicingArguments: Array.isArray(slicing) ? slicing.map(String) : undefined,
            sizedFields: Array.isArray(sized) ? sized.map(String) : undefined,
          });
        }
      }
    }
  }
  return { fieldWeights, typeWeights, listSizes };
}

// Structural rather than graphql-js's instanceof predicates: the gateway's schema is built by
// another copy of graphql (CommonJS, loaded by @apollo/gateway) than this module imports.
function getNamedType(type: GraphQLOutputType): GraphQLNamedType {
  let current: unknown = type;
  while (typeof current === 'object' && current !== null && 'ofType' in current && current.ofType) current = current.ofType;
  return current as GraphQLNamedType;
}
const isListType = (type: GraphQLOutputType): boolean => String(type).replace(/!$/, '').startsWith('[');
const isCompositeType = (type: GraphQLNamedType): boolean => 'getFields' in type || 'getTypes' in type;

function selectedOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((op) => op.name?.value === operationName) : operations[0];
}

function fieldsOf(type: GraphQLNamedType): Record<string, GraphQLField<unknown, unknown>> | undefined {
  return 'getFields' in type && typeof type.getFields === 'function' ? (type.getFields() as Record<string, GraphQLField<unknown, unknown>>) : undefined;
}

interface Weigher {
  weight(parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>, mutationRoot: boolean): number;
}

function weigher(directives: CostDirectives): Weigher {
  return {
    weight(parent, field, mutationRoot) {
      const named = getNamedType(field.type);
      const base = directives.fieldWeights.get(`${parent.name}.${field.name}`) ?? directives.typeWeights.get(named.name) ?? (isCompositeType(named) ? 1 : 0);
      return mutationRoot ? base + MUTATION_WEIGHT : base;
    },
  };
}

/**
 * An upper estimate of what an operation costs, before it runs: each object a field returns costs
 * its weight (1 by default, scalars and enums 0; @cost overrides), a list multiplies what its items
 * cost by its size (the largest slicing argument given, such as `first`, else @listSize's
 * assumedSize, else `defaultListSize`), and each mutation root field costs 10 more. Fragments on
 * different types are added up (an upper bound for unions); each fragment is measured once.
 */
export function estimateOperationCost(schema: GraphQLSchema, document: DocumentNode, options: CostOptions): number {
  const operation = selectedOperation(document, options.operationName);
  if (!operation) return 0;
  const root = operation.operation === OperationTypeNode.MUTATION ? schema.getMutationType() : operation.operation === OperationTypeNode.SUBSCRIPTION ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const weights = weigher(options.directives);
  const memo = new Map<string, number>();
  const visiting = new Set<string>();

  const listSize = (parent: GraphQLNamedType, node: FieldNode, field: GraphQLField<unknown, unknown>): number => {
    const declared = options.directives.listSizes.get(`${parent.name}.${field.name}`);
    const slicing = declared?.slicingArguments ?? DEFAULT_SLICING_ARGUMENTS;
    let sliced: number | undefined;
    for (const name of slicing) {
      const given = node.arguments?.find((arg) => arg.name.value === name);
      const value = given ? valueFromASTUntyped(given.value, options.variables) : field.args.find((arg) => arg.name === name)?.defaultValue;
      // A list argument sizes the list it asks for one item each of (a subgraph's `_entities(representations:)`).
      const size = Array.isArray(value) ? value.length : value;
      if (typeof size === 'number' && Number.isFinite(size)) sliced = Math.max(sliced ?? 0, size);
    }
    return Math.max(0, sliced ?? declared?.assumedSize ?? options.defaultListSize);
  };

  const selectionCost = (type: GraphQLNamedType, set: SelectionSetNode, sized?: { fields: ReadonlySet<string>; size: number }, mutationRoot = false): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (on) total += selectionCost(on, selection.selectionSet, sized, mutationRoot);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        total += fragmentCost(selection.name.value, sized, mutationRoot);
      } else {
        const field = fieldsOf(type)?.[selection.name.value];
        if (!field) continue;
        const named = getNamedType(field.type);
        const declared = options.directives.listSizes.get(`${type.name}.${field.name}`);
        const isList = isListType(field.type);
        // A connection: the size applies to its sized fields (edges), not to the connection object.
        const childSized = declared?.sizedFields?.length ? { fields: new Set(declared.sizedFields), size: listSize(type, selection, field) } : undefined;
        const child = selection.selectionSet ? selectionCost(named, selection.selectionSet, childSized) : 0;
        const each = weights.weight(type, field, mutationRoot) + child;
        const multiplier = sized?.fields.has(field.name) ? sized.size : isList && !childSized ? listSize(type, selection, field) : 1;
        total += multiplier * each;
      }
      if (total > Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
    }
    return total;
  };

  const fragmentCost = (name: string, sized: { fields: ReadonlySet<string>; size: number } | undefined, mutationRoot: boolean): number => {
    const fragment = fragments.get(name);
    if (!fragment || visiting.has(name)) return 0;
    const on = schema.getType(fragment.typeCondition.name.value);
    if (!on) return 0;
    // Memoised only outside a sizing context, where a fragment's cost does not depend on where it is spread.
    if (sized || mutationRoot) return selectionCost(on, fragment.selectionSet, sized, mutationRoot);
    const known = memo.get(name);
    if (known !== undefined) return known;
    visiting.add(name);
    const cost = selectionCost(on, fragment.selectionSet);
    visiting.delete(name);
    memo.set(name, cost);
    return cost;
  };

  return selectionCost(root, operation.selectionSet, undefined, operation.operation === OperationTypeNode.MUTATION);
}

/** What the operation did cost, measured on its result with the same weights (lists by their real length). */
export function actualOperationCost(schema: GraphQLSchema, document: DocumentNode, data: unknown, options: Omit<CostOptions, 'defaultListSize' | 'variables'>): number {
  const operation = selectedOperation(document, options.operationName);
  if (!operation || typeof data !== 'object' || data === null) return 0;
  const root = operation.operation === OperationTypeNode.MUTATION ? schema.getMutationType() : operation.operation === OperationTypeNode.SUBSCRIPTION ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const weights = weigher(options.directives);

  // Field nodes by response key, across fragments: a field selected twice is counted once, as it is returned once.
  const collect = (set: SelectionSetNode, into: Map<string, FieldNode[]>, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        into.set(key, [...(into.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, into, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet, into, seen);
      }
    }
  };
  const objectCost = (type: GraphQLNamedType, sets: readonly SelectionSetNode[], value: Record<string, unknown>, mutationRoot: boolean): number => {
    const typename = typeof value.__typename === 'string' ? schema.getType(value.__typename) : undefined;
    const concrete = typename ?? type;
    const byKey = new Map<string, FieldNode[]>();
    for (const set of sets) collect(set, byKey, new Set());
    let total = 0;
    for (const [key, nodes] of byKey) {
      const field = fieldsOf(concrete)?.[nodes[0]!.name.value];
      if (!field || !(key in value)) continue;
      const weight = weights.weight(concrete, field, mutationRoot);
      const childSets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
      total += valueCost(getNamedType(field.type), childSets, value[key], weight);
    }
    return total;
  };
  const valueCost = (type: GraphQLNamedType, sets: readonly SelectionSetNode[], value: unknown, weight: number): number => {
    if (value === null || value === undefined) return 0;
    if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + valueCost(type, sets, item, weight), 0);
    if (typeof value === 'object' && sets.length) return weight + objectCost(type, sets, value as Record<string, unknown>, false);
    return weight;
  };
  return objectCost(root, [operation.selectionSet], data as Record<string, unknown>, operation.operation === OperationTypeNode.MUTATION);
}

/** OPERATION_TOO_COMPLEX with `limit: "cost"`, the budget and the estimate, when the estimate is over budget. */
export function costLimitViolation(estimated: number, limit: CostLimit): GraphQLError | undefined {
  if (limit.mode !== 'enforce' || estimated <= limit.maxCost) return undefined;
  return operationTooComplex('cost', limit.maxCost, estimated);
}
