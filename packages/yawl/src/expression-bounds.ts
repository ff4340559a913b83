/**
 * Import-time refusal of tenant expressions whose cost is provably unbounded or huge: literal
 * ranges spanning more than MAX_LITERAL_RANGE_ITEMS items (`every $i in 1 to 30000000 …`,
 * `1 to 1e15`), recursive function declarations, and inline functions that call one of their own
 * function parameters (the way recursion is built without declarations: `$f($f)`).
 *
 * This is only what can be proven from the text. Expressions over case data can still run long
 * (`1 to /Net/n`): the service evaluates every command under a time and memory budget, and this
 * check merely refuses at upload what would certainly break that budget at run time.
 *
 * Works on fontoxpath's XQueryX AST (parseScript), read through the plain DOM interface; an
 * expression that does not parse is left to the syntax checks (XPATH_INVALID, …).
 */
import fontoxpath from 'fontoxpath';
import { Document, type Element } from 'slimdom';
import type { NetDecomposition, Specification, Task } from './model.js';

/** The most items the literal ranges of one expression may span together (their product). */
export const MAX_LITERAL_RANGE_ITEMS = 100_000;

export const EXPRESSION_UNBOUNDED = 'EXPRESSION_UNBOUNDED';

type AddIssue = (severity: 'error' | 'warning', elementId: string, code: string, message: string) => void;

const scratch = new Document();
const XQUERY = { language: fontoxpath.evaluateXPath.XQUERY_3_1_LANGUAGE };

/** Every tenant expression of a task, with what it is for (for the message). */
function taskExpressions(task: Task): { role: string; expression: string }[] {
  const found: { role: string; expression: string }[] = [];
  for (const flow of task.flows) if (flow.predicate !== undefined) found.push({ role: `predicate on the flow to "${flow.to}"`, expression: flow.predicate });
  for (const mapping of task.startingMappings) found.push({ role: `starting mapping to "${mapping.mapsTo}"`, expression: mapping.expression });
  for (const mapping of task.completedMappings) found.push({ role: `completed mapping to "${mapping.mapsTo}"`, expression: mapping.expression });
  const mi = task.multiInstance;
  if (mi) {
    found.push({ role: 'MI minimum', expression: mi.minimum }, { role: 'MI maximum', expression: mi.maximum }, { role: 'MI threshold', expression: mi.threshold });
    found.push({ role: 'MI input query', expression: mi.input.expression }, { role: 'MI splitting query', expression: mi.input.splittingExpression });
    if (mi.output) found.push({ role: 'MI output query', expression: mi.output.formalOutputExpression }, { role: 'MI joining query', expression: mi.output.outputJoiningExpression });
  }
  return found;
}

/** A tenant expression of a specification: the task carrying it, what it is for, its text. */
export interface SpecificationExpression {
  elementId: string;
  role: string;
  expression: string;
}

/** Every predicate, mapping and MI query of the specification's tasks, in a fixed order. */
export function specificationExpressions(spec: Specification): SpecificationExpression[] {
  return Object.values(spec.decompositions)
    .filter((decomposition): decomposition is NetDecomposition => decomposition.kind === 'net')
    .flatMap((net) => tasksOf(net))
    .flatMap((task) => taskExpressions(task).map(({ role, expression }) => ({ elementId: task.id, role, expression })));
}

/** Refuses (error EXPRESSION_UNBOUNDED, naming the element and expression) what cannot run in bounded time. */
export function verifyExpressionBounds(spec: Specification, add: AddIssue, maxRangeItems = MAX_LITERAL_RANGE_ITEMS): void {
  for (const { elementId, role, expression } of specificationExpressions(spec)) {
    const reason = unboundedReason(expression, maxRangeItems);
    if (reason !== undefined) add('error', elementId, EXPRESSION_UNBOUNDED, `The ${role} of task "${elementId}" cannot be evaluated in bounded time (${reason}): ${expression}`);
  }
}

function tasksOf(net: NetDecomposition): Task[] {
  return Object.values(net.elements).filter((element): element is Task => element.kind === 'task');
}

/** Why `expression` is provably unbounded, or undefined. Exported for tests. */
export function unboundedReason(expression: string, maxRangeItems = MAX_LITERAL_RANGE_ITEMS): string | undefined {
  if (expression.trim() === '' || /^\s*(\d+|unbounded)\s*$/.test(expression)) return undefined;
  let ast: Element;
  try {
    ast = fontoxpath.parseScript(expression, XQUERY, scratch) as unknown as Element;
  } catch {
    return undefined;
  }
  return rangeReason(ast, maxRangeItems) ?? recursionReason(ast) ?? selfApplicationReason(ast);
}

function descendants(root: Element, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS('*', localName));
}

function child(element: Element, localName: string): Element | undefined {
  return Array.from(element.children).find((candidate) => candidate.localName === localName);
}

/** The number a constant expression stands for (literals, signs, casts, + - * and math:pow), else undefined. */
function constant(expr: Element | undefined): number | undefined {
  if (!expr) return undefined;
  switch (expr.localName) {
    case 'integerConstantExpr':
    case 'decimalConstantExpr':
    case 'doubleConstantExpr':
      return Number(child(expr, 'value')?.textContent ?? Number.NaN);
    case 'unaryMinusOp': {
      const value = constant(onlyChild(child(expr, 'operand')));
      return value === undefined ? undefined : -value;
    }
    case 'unaryPlusOp':
      return constant(onlyChild(child(expr, 'operand')));
    case 'addOp':
    case 'subtractOp':
    case 'multiplyOp': {
      const a = constant(onlyChild(child(expr, 'firstOperand')));
      const b = constant(onlyChild(child(expr, 'secondOperand')));
      if (a === undefined || b === undefined) return undefined;
      return expr.localName === 'addOp' ? a + b : expr.localName === 'subtractOp' ? a - b : a * b;
    }
    case 'functionCallExpr': {
      const name = child(expr, 'functionName')?.textContent ?? '';
      const args = Array.from(child(expr, 'arguments')?.children ?? []);
      if (['integer', 'decimal', 'double', 'float', 'long', 'int', 'number', 'round', 'floor', 'ceiling'].includes(name) && args.length === 1) return constant(args[0]);
      if (name === 'pow' && args.length === 2) {
        const [base, exponent] = args.map(constant);
        return base === undefined || exponent === undefined ? undefined : base ** exponent;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function onlyChild(element: Element | undefined): Element | undefined {
  return element?.children.length === 1 ? element.children[0] : undefined;
}

/** Literal ranges, together (as if nested, which is what a product of loops costs), over the maximum. */
function rangeReason(ast: Element, maxRangeItems: number): string | undefined {
  let product = 1;
  for (const range of descendants(ast, 'rangeSequenceExpr')) {
    const start = constant(onlyChild(child(range, 'startExpr')));
    const end = constant(onlyChild(child(range, 'endExpr')));
    if (start === undefined || end === undefined) continue;
    const items = Math.max(0, Math.floor(end) - Math.ceil(start) + 1);
    if (!Number.isFinite(items) || items > maxRangeItems) return `the range ${start} to ${end} spans ${Number.isFinite(items) ? items.toLocaleString('en') : 'unboundedly many'} items, at most ${maxRangeItems.toLocaleString('en')} are allowed`;
    product *= Math.max(items, 1);
  }
  if (product > maxRangeItems) return `its literal ranges span ${product.toLocaleString('en')} items together, at most ${maxRangeItems.toLocaleString('en')} are allowed`;
  return undefined;
}

const functionKey = (name: Element | undefined) => `${name?.getAttribute('xqx:prefix') ?? ''}:${name?.textContent ?? ''}`;

/** A declared function that can reach a call of itself (directly or through others). */
function recursionReason(ast: Element): string | undefined {
  const calls = new Map<string, Set<string>>();
  for (const declaration of descendants(ast, 'functionDecl')) {
    const callees = new Set(descendants(declaration, 'functionCallExpr').map((call) => functionKey(child(call, 'functionName'))));
    calls.set(functionKey(child(declaration, 'functionName')), callees);
  }
  for (const start of calls.keys()) {
    const seen = new Set<string>();
    const queue = [...(calls.get(start) ?? [])];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      if (next === start) return `function ${start.replace(/^:/, '')} is recursive`;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(calls.get(next) ?? []));
    }
  }
  return undefined;
}

/** An inline function calling one of its own parameters: how recursion is built without declarations. */
function selfApplicationReason(ast: Element): string | undefined {
  for (const fn of descendants(ast, 'inlineFunctionExpr')) {
    const params = new Set(descendants(child(fn, 'paramList') ?? fn, 'varName').map((name) => name.textContent ?? ''));
    const body = child(fn, 'functionBody');
    if (!body) continue;
    for (const invocation of descendants(body, 'dynamicFunctionInvocationExpr')) {
      const callee = child(invocation, 'functionItem');
      const variable = callee ? (descendants(callee, 'name')[0]?.textContent ?? undefined) : undefined;
      if (variable !== undefined && params.has(variable)) return `an inline function calls its function parameter $${variable}, which can recurse without end`;
    }
  }
  return undefined;
}
