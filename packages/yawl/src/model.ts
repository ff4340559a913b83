/**
 * The in-memory model of a YAWL 4.0 specification: what the parser produces, the verifier
 * checks, the exporter writes back, and the engine runs. Pure data, no behaviour.
 *
 * Conventions follow YAWL's own: decomposition ids are unique within a specification, element
 * ids (conditions, tasks) within their net, so a subnet may reuse another net's ids; a task that
 * flows straight into another task has an implicit condition between them, which the parser
 * makes explicit (`implicit: true`) so the engine only ever moves tokens between conditions.
 */

export const YAWL_NAMESPACE = 'http://www.yawlfoundation.org/yawlschema';
export const XSD_NAMESPACE = 'http://www.w3.org/2001/XMLSchema';

export type SplitJoinCode = 'and' | 'xor' | 'or';

export interface SpecificationSet {
  /** The `version` attribute of `specificationSet`, e.g. "4.0". */
  schemaVersion: string;
  specifications: Specification[];
}

export interface SpecificationMeta {
  title?: string;
  creator?: string[];
  description?: string;
  /** The specification version (metaData/version), e.g. "0.2". */
  version: string;
  /** metaData/identifier: YAWL's unique id of this specification across versions. */
  identifier?: string;
  persistent?: boolean;
}

/**
 * The form of the model this parser makes. Raised whenever the parser reads more of a
 * specification, or reads it differently (2: task privileges, timer records, work-day timers),
 * so that models stored by an older parser are made again from their XML when loaded
 * (SpecificationCatalog): a fix to the parser then reaches what was imported before it.
 */
export const MODEL_FORMAT = 3;

export interface Specification {
  /** The MODEL_FORMAT of the parser that made it; absent from models stored before formats were recorded. */
  format?: number;
  uri: string;
  name?: string;
  documentation?: string;
  meta: SpecificationMeta;
  /** The inner XML of the `xs:schema` element, declaring custom data types; empty when none. */
  schema: string;
  rootNetId: string;
  /** Nets and task decompositions by id. */
  decompositions: Record<string, Decomposition>;
}

export interface Variable {
  name: string;
  /** An XML Schema type name, e.g. "string", "long", "boolean", or a type declared in `schema`. */
  type: string;
  namespace?: string;
  index: number;
  /** For local variables. */
  initialValue?: string;
  /** For output parameters: used when the task's output omits the value. */
  defaultValue?: string;
  mandatory?: boolean;
  documentation?: string;
}

interface DecompositionBase {
  id: string;
  name?: string;
  documentation?: string;
  inputParams: Variable[];
  outputParams: Variable[];
}

export interface NetDecomposition extends DecompositionBase {
  kind: 'net';
  isRootNet: boolean;
  localVariables: Variable[];
  inputConditionId: string;
  outputConditionId: string;
  /** Conditions and tasks by id, in document order. */
  elements: Record<string, NetElement>;
}

/** A decomposition carried out by a person or a service (`WebServiceGatewayFactsType`). */
export interface TaskDecomposition extends DecompositionBase {
  kind: 'task';
  externalInteraction: 'manual' | 'automated';
  codelet?: string;
}

export type Decomposition = NetDecomposition | TaskDecomposition;

export interface Flow {
  /** The id of the next element. */
  to: string;
  /** An XPath boolean expression over the net's data (XOR and OR splits only). */
  predicate?: string;
  /** Evaluation order of predicates on an XOR split; lower first. */
  ordering?: number;
  isDefault: boolean;
}

export interface Condition {
  kind: 'condition';
  id: string;
  name?: string;
  role: 'input' | 'output' | 'plain';
  /** Made explicit by the parser between two tasks; exported back as a direct task-to-task flow. */
  implicit: boolean;
  flows: Flow[];
}

export interface Mapping {
  /** An XQuery producing one element, e.g. `<A>{/Net/A/text()}</A>`. */
  expression: string;
  /** The parameter or variable the result is stored in. */
  mapsTo: string;
}

export interface MultiInstance {
  /** Each bound is a number or an XQuery evaluating to one. */
  minimum: string;
  maximum: string;
  threshold: string;
  creationMode: 'static' | 'dynamic';
  /** How the input is split into one item per instance. */
  input: { expression: string; splittingExpression: string; formalInputParam: string };
  /** How the instances' outputs are joined back. */
  output?: { formalOutputExpression: string; outputJoiningExpression: string; resultAppliedToLocalVariable: string };
}

export interface Timer {
  trigger: 'OnEnabled' | 'OnExecuting';
  /**
   * An ISO-8601 duration (`PT10M`) or an absolute expiry (YAWL writes epoch milliseconds; an ISO
   * date-time is accepted too); exactly one of duration, expiry and netParam is set.
   */
  duration?: string;
  expiry?: string;
  /**
   * Alternatively, a net variable of type YTimerType (see timer-record.ts) whose value carries the
   * trigger and expiry. `trigger` above is then only a placeholder (the parser sets OnEnabled);
   * the engine uses the variable's.
   */
  netParam?: string;
}

/** Whom a task privilege is granted to: everyone, or the listed participants and roles. */
export interface PrivilegeGrant {
  all: boolean;
  roles: string[];
  participants: string[];
}

export interface Resourcing {
  offer: { initiator: 'user' | 'system'; roles: string[]; participants: string[] };
  allocate: { initiator: 'user' | 'system' };
  start: { initiator: 'user' | 'system' };
  /**
   * Task privileges the engine enforces. Only `canSkip`: as in YAWL, skipping an item is not a
   * right of whoever holds it but a privilege the task grants (none by default).
   */
  privileges?: { canSkip?: PrivilegeGrant };
}

export interface Task {
  kind: 'task';
  id: string;
  name?: string;
  documentation?: string;
  join: SplitJoinCode;
  split: SplitJoinCode;
  flows: Flow[];
  /** Cancellation set: conditions and tasks emptied/cancelled when this task completes. */
  removesTokens: string[];
  /** Cancellation of the implicit conditions on these flows. */
  removesTokensFromFlow: { from: string; to: string }[];
  /** The decomposition it runs: absent for an empty task, a net for a composite task. */
  decomposesTo?: string;
  startingMappings: Mapping[];
  completedMappings: Mapping[];
  multiInstance?: MultiInstance;
  timer?: Timer;
  resourcing?: Resourcing;
}

export type NetElement = Condition | Task;

/** Where a problem was found, for reports that point at the element. */
export interface VerificationIssue {
  severity: 'error' | 'warning';
  /** The id of the offending element (task, condition, net, decomposition, or "specificationSet"). */
  elementId: string;
  /** For an element of a net (a task or condition), that net: element ids are unique only within their net. */
  netId?: string;
  /** A stable machine-readable code, e.g. "OR_SPLIT_NO_DEFAULT". */
  code: string;
  message: string;
  /** The line of the XML document, for issues found while reading it (malformed, limits, schema). */
  line?: number;
  /** For XML_LIMIT_EXCEEDED: which limit and its value. */
  limit?: { name: string; value: number };
}
