import type { FetchDataRewrite, QueryPlanSelectionNode } from '@apollo/query-planner';
import { isSubtype, type Schema } from '@apollo/federation-internals';

/**
 * How subgraph answers become one merged tree, in place: entities are the very objects of the tree,
 * representations are read from them, answers are merged into them. These follow @apollo/gateway's
 * semantics (deep merge, input/output rewrites, type conditions) without its per-value allocations.
 */
export type JsonObject = Record<string, unknown>;

export const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Assigns without ever reaching a prototype (a subgraph's JSON may carry a `__proto__` key). */
function set(target: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export function deepMerge(target: JsonObject, source: unknown): void {
  if (source === undefined || source === null) return;
  const from = source as JsonObject;
  for (const key in from) {
    if (!hasOwn(from, key)) continue;
    const value = from[key];
    if (value === undefined) continue;
    const existing = hasOwn(target, key) ? target[key] : undefined;
    if (existing && isObject(value)) {
      deepMerge(existing as JsonObject, value);
    } else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      const into = existing as unknown[];
      const from = value as unknown[];
      for (let i = 0; i < from.length; i++) {
        const item = from[i];
        const current = into[i];
        if (isObject(current) && isObject(item)) deepMerge(current, item);
        else into[i] = item;
      }
    } else {
      set(target, key, value);
    }
  }
}

/** Whether an object's `__typename` satisfies a type condition of the supergraph; memoised per schema. */
export class TypeConditions {
  private readonly memo = new Map<string, boolean>();

  constructor(private readonly schema: Schema) {}

  matches(object: JsonObject, condition: string, unknownTypename = false): boolean {
    const typename = object.__typename;
    if (!typename || typeof typename !== 'string') return unknownTypename;
    if (typename === condition) return true;
    const key = `${typename}\0${condition}`;
    let matches = this.memo.get(key);
    if (matches === undefined) {
      const type = this.schema.type(typename);
      const conditional = this.schema.type(condition);
      const abstract = conditional?.kind === 'InterfaceType' || conditional?.kind === 'UnionType';
      matches = !!type && !!conditional && abstract && (type.kind === 'ObjectType' || type.kind === 'InterfaceType') && isSubtype(conditional, type);
      this.memo.set(key, matches);
    }
    return matches;
  }
}

const FRAGMENT_PREFIX = '... on ';

export function applyRewrites(types: TypeConditions, rewrites: readonly FetchDataRewrite[] | undefined, value: unknown): void {
  if (!rewrites) return;
  for (const rewrite of rewrites) {
    if (rewrite.path.length === 0) continue;
    const last = rewrite.path[rewrite.path.length - 1]!;
    if (last.startsWith(FRAGMENT_PREFIX)) throw new Error(`Unexpected fragment as last element of ${rewrite.path.join('.')}`);
    const apply =
      rewrite.kind === 'ValueSetter'
        ? (object: JsonObject) => set(object, last, rewrite.setValueTo)
        : (object: JsonObject) => {
            const found = hasOwn(object, last) ? object[last] : undefined;
            if (found) {
              set(object, rewrite.renameKeyTo, found);
              object[last] = undefined;
            }
          };
    applyAtPath(types, rewrite.path, 0, rewrite.path.length - 1, value, apply);
  }
}

function applyAtPath(types: TypeConditions, path: readonly string[], at: number, end: number, value: unknown, apply: (object: JsonObject) => void): void {
  if (Array.isArray(value)) {
    for (const element of value) applyAtPath(types, path, at, end, element, apply);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const object = value as JsonObject;
  if (at === end) {
    apply(object);
    return;
  }
  const element = path[at]!;
  if (element.startsWith(FRAGMENT_PREFIX)) {
    if (types.matches(object, element.slice(FRAGMENT_PREFIX.length), true)) applyAtPath(types, path, at + 1, end, object, apply);
  } else {
    applyAtPath(types, path, at + 1, end, hasOwn(object, element) ? object[element] : undefined, apply);
  }
}

/** An entity's representation: its `requires` selection read from the merged tree, or null when a part is missing. */
export function representation(types: TypeConditions, source: unknown, selections: readonly QueryPlanSelectionNode[]): JsonObject | null {
  if (source === null) return null;
  const object = source as JsonObject;
  const result: JsonObject = {};
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const name = selection.alias ?? selection.name;
      const value = hasOwn(object, name) ? object[name] : undefined;
      if (value === undefined) return null;
      const sub = selection.selections;
      if (Array.isArray(value)) set(result, name, sub ? value.map((element: unknown) => representation(types, element, sub)) : value);
      else set(result, name, sub ? representation(types, value, sub) : value);
    } else if (selection.typeCondition && types.matches(object, selection.typeCondition)) {
      deepMerge(result, representation(types, object, selection.selections));
    }
  }
  return result;
}

/** The values at a Flatten path (`@` for each element of a list), flattened into one list. */
export function valuesAtPath(value: unknown, path: readonly (string | number)[]): unknown {
  if (!path.includes('@')) return valueAt(value, path, 0);
  const found: unknown[] = [];
  collect(value, path, 0, found);
  return found;
}

function valueAt(value: unknown, path: readonly (string | number)[], at: number): unknown {
  let current = value;
  for (let i = at; i < path.length; i++) {
    if (current === undefined || current === null) return current;
    const element = path[i];
    if (typeof element !== 'string' || Array.isArray(current)) throw new Error(`Unexpected value in result for path element ${String(element)}`);
    const object = current as JsonObject;
    current = hasOwn(object, element) ? object[element] : undefined;
  }
  return current;
}

/** Pushes what lies at the rest of the path into `found`, one list for the whole Flatten instead of one per level. */
function collect(value: unknown, path: readonly (string | number)[], at: number, found: unknown[]): void {
  let current = value;
  for (let i = at; i < path.length; i++) {
    if (current === undefined || current === null) return;
    const element = path[i];
    if (element === '@') {
      for (const item of current as unknown[]) collect(item, path, i + 1, found);
      return;
    }
    if (typeof element !== 'string' || Array.isArray(current)) throw new Error(`Unexpected value in result for path element ${String(element)}`);
    const object = current as JsonObject;
    current = hasOwn(object, element) ? object[element] : undefined;
  }
  if (Array.isArray(current)) for (const item of current) found.push(item);
  else found.push(current);
}

/** Every concrete response path a Flatten path with `@` stands for, in the order valuesAtPath lists them. */
export function concretePaths(parent: (string | number)[], path: readonly (string | number)[], at: number, data: unknown, result: (string | number)[][]): void {
  if (data === null || data === undefined) return;
  if (at === path.length) {
    result.push(parent.slice());
    return;
  }
  const head = path[at];
  if (head === '@') {
    if (!Array.isArray(data)) throw new Error('expected array when encountering `@`');
    data.forEach((value: unknown, i) => {
      parent.push(i);
      concretePaths(parent, path, at + 1, value, result);
      parent.pop();
    });
  } else if (typeof head === 'string') {
    if (Array.isArray(data)) {
      data.forEach((value: unknown, i) => {
        parent.push(i);
        concretePaths(parent, path, at, value, result);
        parent.pop();
      });
    } else if (hasOwn(data, head)) {
      parent.push(head);
      concretePaths(parent, path, at + 1, (data as JsonObject)[head], result);
      parent.pop();
    }
  }
}
