import {
  ERRORS,
  isCompositeType,
  isCustomScalarType,
  isEnumType,
  isListType,
  isNonNullType,
  isSubtype,
  Variable,
  type CompositeType,
  type FieldSelection,
  type NamedType,
  type Operation,
  type Schema,
  type Selection,
  type SelectionSet,
  type Type,
} from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';
import { hasOwn } from './merge.js';

/**
 * The operation's selection sets compiled once per planned operation into plain objects, so that
 * shaping a response walks arrays and reads fields instead of asking the schema model about directives
 * and subtyping on every value. The semantics are @apollo/gateway's result shaping: only what was
 * selected, in selection order, __typename answered by the gateway, values checked against their type,
 * nulls propagated to the nearest nullable parent with an error for each non-null violated.
 */
type Condition = boolean | string;

type TypeShape =
  | { kind: 'nonNull'; of: TypeShape; display: string }
  | { kind: 'list'; of: TypeShape; display: string }
  | { kind: 'composite'; display: string; type: CompositeType }
  | { kind: 'leaf'; display: string; valid: (value: unknown) => boolean };

interface FieldShape {
  kind: 'field';
  responseName: string;
  /**
   * Whether the name is also one of Object.prototype's (`constructor`, `__proto__`…): read and written
   * as an own property only. Every other name is read and written plainly, on ordinary objects.
   */
  inherited: boolean;
  skip: Condition | undefined;
  include: Condition | undefined;
  /** __typename, answered from the value's type. */
  typename: boolean;
  /** __schema and __type, answered by executing introspection over the API schema. */
  introspection: FieldSelection | undefined;
  type: TypeShape;
  selections: SelectionShape[] | undefined;
}

interface FragmentShape {
  kind: 'fragment';
  skip: Condition | undefined;
  include: Condition | undefined;
  typeCondition: CompositeType | undefined;
  /** Whether the condition holds for a type, by name: computed on first sight. */
  applies: Map<string, boolean>;
  selections: SelectionShape[];
}

type SelectionShape = FieldShape | FragmentShape;

export interface ResponseShape {
  readonly schema: Schema;
  readonly rootType: CompositeType;
  readonly selections: SelectionShape[];
  /** Variables' defaults, which the request's own values override. */
  readonly defaults: Record<string, unknown>;
}

export function compileResponseShape(operation: Operation): ResponseShape {
  const schema = operation.schema();
  const rootType = schema.schemaDefinition.rootType(operation.rootKind);
  if (!rootType) throw new Error(`The schema has no ${operation.rootKind} type`);
  const leafChecks = new Map<string, (value: unknown) => boolean>();
  return { schema, rootType, selections: compileSelections(schema, operation.selectionSet, leafChecks), defaults: operation.collectDefaultedVariableValues() as Record<string, unknown> };
}

function condition(selection: Selection, name: 'skip' | 'include'): Condition | undefined {
  const schema = selection.element.schema();
  const directive = selection.element.appliedDirectivesOf(name === 'skip' ? schema.skipDirective() : schema.includeDirective())[0];
  if (!directive) return undefined;
  const value: unknown = directive.arguments().if;
  return value instanceof Variable ? value.name : value === true;
}

function compileSelections(schema: Schema, selectionSet: SelectionSet, leafChecks: Map<string, (value: unknown) => boolean>): SelectionShape[] {
  return selectionSet.selections().map((selection): SelectionShape => {
    const skip = condition(selection, 'skip');
    const include = condition(selection, 'include');
    if (selection.kind === 'FieldSelection') {
      const field = selection.element;
      const introspection = field.definition.isSchemaIntrospectionField();
      const sub = selection.selectionSet;
      const responseName = field.responseName();
      return {
        kind: 'field',
        responseName,
        inherited: responseName in Object.prototype,
        skip,
        include,
        typename: field.name === '__typename',
        introspection: introspection ? selection : undefined,
        type: compileType(schema, field.definition.type as Type, leafChecks),
        selections: sub && !introspection ? compileSelections(schema, sub, leafChecks) : undefined,
      };
    }
    return { kind: 'fragment', skip, include, typeCondition: selection.element.typeCondition, applies: new Map(), selections: compileSelections(schema, selection.selectionSet, leafChecks) };
  });
}

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

function compileType(schema: Schema, type: Type, leafChecks: Map<string, (value: unknown) => boolean>): TypeShape {
  if (isNonNullType(type)) return { kind: 'nonNull', of: compileType(schema, type.ofType as Type, leafChecks), display: type.toString() };
  if (isListType(type)) return { kind: 'list', of: compileType(schema, type.ofType as Type, leafChecks), display: type.toString() };
  if (isCompositeType(type)) return { kind: 'composite', display: type.toString(), type };
  let valid = leafChecks.get(type.name);
  if (!valid) {
    valid = leafCheck(schema, type);
    leafChecks.set(type.name, valid);
  }
  return { kind: 'leaf', display: type.toString(), valid };
}

/** @apollo/federation-internals' isValidLeafValue, decided once per type. */
function leafCheck(schema: Schema, type: NamedType): (value: unknown) => boolean {
  if (isCustomScalarType(type)) return () => true;
  if (isEnumType(type)) {
    const values = new Set(type.values.map((v) => v.name));
    return (value) => typeof value === 'string' && values.has(value);
  }
  if (type === schema.booleanType()) return (value) => typeof value === 'boolean';
  if (type === schema.intType()) return (value) => typeof value === 'number' && Number.isFinite(value) && INTEGER.test(String(value));
  if (type === schema.floatType()) return (value) => typeof value === 'number' && Number.isFinite(value);
  if (type === schema.idType()) return (value) => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value) && INTEGER.test(String(value)));
  return (value) => typeof value === 'string';
}

export interface ShapeParameters {
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  introspect: (selection: FieldSelection) => unknown;
}

/**
 * Response objects are ordinary objects, not `Object.create(null)` ones: V8 keeps those in dictionary
 * mode, which made every property write, the final JSON.stringify and the garbage collector slower.
 * A name that Object.prototype also has is therefore only ever read and written as an own property.
 */
function ownValue(object: Record<string, unknown>, name: string): unknown {
  return hasOwn(object, name) ? object[name] : undefined;
}

function assign(object: Record<string, unknown>, name: string, inherited: boolean, value: unknown): void {
  if (inherited) Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
  else object[name] = value;
}

const OK = 0;
const NULL_BUBBLE_UP = 1;

/** The response's `data`, shaped from the merged subgraph data; value-completion errors go to `parameters.errors`. */
export function shapeResponse(shape: ResponseShape, input: Record<string, unknown>, parameters: ShapeParameters): Record<string, unknown> | null {
  const data: Record<string, unknown> = {};
  const walker = new Walker(shape.schema, parameters);
  return walker.apply(input, shape.selections, data, shape.rootType) === NULL_BUBBLE_UP ? null : data;
}

class Walker {
  private readonly path: (string | number)[] = [];
  private invalid = false;
  private errored = false;

  constructor(
    private readonly schema: Schema,
    private readonly parameters: ShapeParameters,
  ) {}

  private skipped(selection: SelectionShape): boolean {
    return (selection.skip !== undefined && this.holds(selection.skip)) || (selection.include !== undefined && !this.holds(selection.include));
  }

  private holds(condition: Condition): boolean {
    if (typeof condition === 'boolean') return condition;
    const value = this.parameters.variables[condition];
    if (typeof value !== 'boolean') throw new Error(`Unexpected value ${String(value)} for variable $${condition} of @skip or @include`);
    return value;
  }

  apply(input: Record<string, unknown>, selections: SelectionShape[], output: Record<string, unknown>, parentType: CompositeType): number {
    for (const selection of selections) {
      if ((selection.skip !== undefined || selection.include !== undefined) && this.skipped(selection)) continue;
      if (selection.kind === 'fragment') {
        // As @apollo/gateway: a missing or empty __typename (null included) leaves the decision to the parent type.
        const typename = input.__typename || undefined;
        if (typename !== undefined && typeof typename !== 'string') throw new Error(`Got unexpected value for __typename: ${JSON.stringify(typename)}`);
        if (this.applies(selection, typename, parentType) && this.apply(input, selection.selections, output, selection.typeCondition ?? parentType) === NULL_BUBBLE_UP) return NULL_BUBBLE_UP;
        continue;
      }
      const responseName = selection.responseName;
      const inherited = selection.inherited;
      const outputValue = inherited ? ownValue(output, responseName) : output[responseName];
      if (selection.introspection) {
        if (outputValue === undefined) assign(output, responseName, inherited, this.parameters.introspect(selection.introspection));
        continue;
      }
      let inputValue = (inherited ? ownValue(input, responseName) : input[responseName]) ?? null;
      if (selection.typename) {
        if (outputValue !== undefined) continue;
        if (inputValue === null && responseName !== '__typename') inputValue = input.__typename ?? null;
        const type = typeof inputValue === 'string' ? (this.schema.type(inputValue) ?? parentType) : parentType;
        if (type.kind !== 'ObjectType') return NULL_BUBBLE_UP;
        assign(output, responseName, inherited, type.name);
        continue;
      }
      this.path.push(responseName);
      assign(output, responseName, inherited, this.update(outputValue, selection.type, inputValue, selection.selections, parentType));
      this.path.pop();
      if (this.invalid) return NULL_BUBBLE_UP;
    }
    return OK;
  }

  private applies(fragment: FragmentShape, typename: string | undefined, parentType: CompositeType): boolean {
    const condition = fragment.typeCondition;
    if (!condition) return true;
    const key = typename || `\0${parentType.name}`;
    let applies = fragment.applies.get(key);
    if (applies === undefined) {
      if (typename) {
        const type = this.schema.type(typename);
        applies = !!type && isSubtype(condition, type);
      } else {
        applies = isSubtype(condition, parentType);
      }
      fragment.applies.set(key, applies);
    }
    return applies;
  }

  private describeLast(type: TypeShape, parentType: CompositeType): string {
    const element = this.path[this.path.length - 1];
    return typeof element === 'string' ? `field ${parentType.name}.${element}` : `array element of type ${type.display} at index ${String(element)}`;
  }

  private error(message: string): void {
    this.parameters.errors.push(ERRORS.INVALID_GRAPHQL.err(message, { path: this.path.slice() }));
  }

  /**
   * The completed value; `invalid` (a non-null value turned null: the parent must be nulled) and
   * `errored` (an error was recorded below) are left in fields instead of a result object per value.
   */
  private update(outputValue: unknown, type: TypeShape, inputValue: unknown, selections: SelectionShape[] | undefined, parentType: CompositeType): unknown {
    this.invalid = false;
    this.errored = false;
    if (outputValue === null || (outputValue !== undefined && !selections)) return outputValue;
    if (type.kind === 'nonNull') {
      const inner = this.update(outputValue, type.of, inputValue, selections, parentType);
      if (inner === null) {
        if (!this.errored) this.error(`Cannot return null for non-nullable ${this.describeLast(type.of, parentType)}.`);
        this.invalid = true;
        this.errored = true;
        return null;
      }
      this.invalid = false;
      this.errored = false;
      return inner;
    }
    if (inputValue === null) return null;
    if (type.kind === 'list') {
      if (!Array.isArray(inputValue)) throw new Error(`Invalid non-list value ${JSON.stringify(inputValue)} returned by subgraph for list type ${type.display}`);
      if (outputValue !== undefined && (!Array.isArray(outputValue) || outputValue.length !== inputValue.length)) throw new Error(`Invalid list value returned by subgraph for list type ${type.display}`);
      const outputList = outputValue as unknown[] | undefined;
      const updated = new Array<unknown>(inputValue.length);
      let nullify = false;
      let errored = false;
      for (let i = 0; i < inputValue.length; i++) {
        this.path.push(i);
        updated[i] = this.update(outputList?.[i], type.of, (inputValue[i] as unknown) ?? null, selections, parentType);
        this.path.pop();
        if (this.invalid) nullify = true;
        if (this.errored) errored = true;
      }
      this.invalid = false;
      this.errored = errored;
      return nullify ? null : updated;
    }
    if (type.kind === 'composite') {
      if (!selections) throw new Error(`Invalid empty selection set for composite type ${type.display}`);
      if (typeof inputValue !== 'object') throw new Error(`Invalid non-object value ${JSON.stringify(inputValue)} returned by subgraph for composite type ${type.display}`);
      const object = inputValue as Record<string, unknown>;
      const typename = object.__typename;
      if (typename !== undefined && typeof typename !== 'string') throw new Error(`Invalid non-string value ${JSON.stringify(typename)} for __typename`);
      let objectType = type.type;
      if (typename) {
        const named = this.schema.type(typename);
        if (!named || !isCompositeType(named)) {
          this.error(`Invalid __typename found for object at ${this.describeLast(type, parentType)}.`);
          this.errored = true;
          return null;
        }
        objectType = named;
      }
      const output = (outputValue ?? {}) as Record<string, unknown>;
      const nulled = this.apply(object, selections, output, objectType) === NULL_BUBBLE_UP;
      this.invalid = false;
      this.errored = nulled;
      return nulled ? null : output;
    }
    const valid = type.valid(inputValue);
    if (!valid) this.error(`Invalid value found for ${this.describeLast(type, parentType)}.`);
    this.errored = !valid;
    return valid ? inputValue : null;
  }
}
