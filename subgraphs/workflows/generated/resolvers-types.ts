import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { SpecificationRow, CaseRow, CaseEventRow } from '../data/schema.js';
import type { UserReference, WorkItemModel, CaseEventNotice, WorkQueueChangeModel } from '../mappers.js';
import type { VerificationIssue as VerificationIssueModel } from '@flowgraph/yawl';
import type { Context } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 date-time in UTC. */
  DateTime: { input: Date; output: Date; }
  /** Any JSON value; case and work-item data, converted to and from YAWL's XML by the declared parameter types. */
  JSON: { input: unknown; output: unknown; }
  _FieldSet: { input: any; output: any; }
};

/** One run of a specification. */
export type Case = {
  __typename?: 'Case';
  /** The root net's data, as JSON. */
  data: Scalars['JSON']['output'];
  endedAt: Maybe<Scalars['DateTime']['output']>;
  /** Every event of the case, in order. */
  history: Array<CaseEvent>;
  id: Scalars['ID']['output'];
  specification: Specification;
  startedAt: Scalars['DateTime']['output'];
  startedBy: User;
  status: CaseStatus;
  /** Every work item of the case, ended ones included, in the order they were enabled (composite tasks have none). */
  workItems: Array<WorkItem>;
};

export type CaseConnection = {
  __typename?: 'CaseConnection';
  edges: Array<CaseEdge>;
  pageInfo: PageInfo;
};

export type CaseEdge = {
  __typename?: 'CaseEdge';
  cursor: Scalars['String']['output'];
  node: Case;
};

export type CaseEvent = {
  __typename?: 'CaseEvent';
  occurredAt: Scalars['DateTime']['output'];
  sequence: Scalars['Int']['output'];
  taskId: Maybe<Scalars['String']['output']>;
  type: Scalars['String']['output'];
  workItemId: Maybe<Scalars['String']['output']>;
};

/** One event of a case as `caseEvents` delivers it: the case and work item are read when the event is delivered. */
export type CaseEventNotification = {
  __typename?: 'CaseEventNotification';
  case: Case;
  /** The case's id, known without reading the case (as `case { id }` does): for clients that only tell cases apart. */
  caseId: Scalars['ID']['output'];
  /**
   * Opaque position of this event; pass it as `after`, with the same `caseId` or again without one, to resume right
   * after it. A subscription with `caseId` issues positions in that case; one without, positions in the tenant's stream
   * of events of all cases.
   */
  cursor: Scalars['String']['output'];
  occurredAt: Scalars['DateTime']['output'];
  /** Per case, from 1, gap-free. */
  sequence: Scalars['Int']['output'];
  taskId: Maybe<Scalars['String']['output']>;
  /** The engine event type, e.g. `case.started`, `workitem.completed`. */
  type: Scalars['String']['output'];
  workItem: Maybe<WorkItem>;
};

export type CaseStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'DEADLOCKED'
  | 'RUNNING'
  | 'SUSPENDED';

export type ImportResult = {
  __typename?: 'ImportResult';
  specifications: Array<Specification>;
  warnings: Array<VerificationIssue>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Claims an item offered to the caller, one of their roles, or nobody in particular (tenant admins: any item).
   * Work-item mutations refuse a caller the rule does not allow with `FORBIDDEN`, writing nothing.
   */
  allocateWorkItem: WorkItem;
  /** Cancels a running or suspended case and every live item in it. Tenant admins only. */
  cancelCase: Case;
  /** Cancels a live item; its branch of the case ends there. Tenant admins only. */
  cancelWorkItem: WorkItem;
  /**
   * Completes an item the caller started (tenant admins: any); `output` holds the task's output parameters. Without
   * `output` it is checked as an empty object, so a task with mandatory output parameters needs them.
   */
  completeWorkItem: WorkItem;
  /** Imports a YAWL 4.0 specificationSet; every specification in it becomes a new version. */
  importSpecification: ImportResult;
  /** Launches a case; `input` holds the root net's input parameters. Retrying with the same idempotency key returns the same case. */
  launchCase: Case;
  /**
   * Offers an enabled or offered item to `roles` and/or the users `participantIds` (at least one), replacing any earlier
   * offer: it then shows in their work queues and only they can claim it. For tasks whose offer YAWL leaves to people
   * (`<offer initiator="user"/>`). Tenant admins only. Participant ids must be UUIDs; that they name users of the tenant
   * is not checked here (identity owns users), and an offer to an unknown id reaches nobody until it is offered again.
   */
  offerWorkItem: WorkItem;
  /** Resumes a suspended case. Tenant admins only. */
  resumeCase: Case;
  /** Resumes a suspended item the caller holds. Tenant admins: any item. */
  resumeWorkItem: WorkItem;
  /**
   * Skips an item that has not started, if the caller could start it and its task grants them YAWL's `canSkip`
   * privilege (nobody by default). As in YAWL, the item completes with its input as its output, so the task's
   * completed mappings run. Tenant admins: any item.
   */
  skipWorkItem: WorkItem;
  /** Starts an item allocated to the caller, or one they could claim (starting claims it). Tenant admins: any item. */
  startWorkItem: WorkItem;
  /** Suspends a running case: none of its items can move until it is resumed. Tenant admins only. */
  suspendCase: Case;
  /** Suspends an item the caller holds (started, or allocated to them). Tenant admins: any item. */
  suspendWorkItem: WorkItem;
};


export type MutationAllocateWorkItemArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCancelCaseArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCancelWorkItemArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCompleteWorkItemArgs = {
  id: Scalars['ID']['input'];
  output?: InputMaybe<Scalars['JSON']['input']>;
};


export type MutationImportSpecificationArgs = {
  xml: Scalars['String']['input'];
};


export type MutationLaunchCaseArgs = {
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  input?: InputMaybe<Scalars['JSON']['input']>;
  specificationId: Scalars['ID']['input'];
};


export type MutationOfferWorkItemArgs = {
  id: Scalars['ID']['input'];
  participantIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  roles?: InputMaybe<Array<Role>>;
};


export type MutationResumeCaseArgs = {
  id: Scalars['ID']['input'];
};


export type MutationResumeWorkItemArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSkipWorkItemArgs = {
  id: Scalars['ID']['input'];
};


export type MutationStartWorkItemArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSuspendCaseArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSuspendWorkItemArgs = {
  id: Scalars['ID']['input'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  case: Maybe<Case>;
  /** The tenant's cases, newest first. */
  cases: CaseConnection;
  specification: Maybe<Specification>;
  /** The caller's tenant's specifications, newest first. */
  specifications: Array<Specification>;
  /**
   * The caller's work: items offered to them or their role, allocated to them, or started by them. Only ATOMIC and
   * MULTI_INSTANCE_CHILD items: multiple-instance parents are the engine's.
   */
  workQueue: Array<WorkItem>;
};


export type QueryCaseArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCasesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  specificationId?: InputMaybe<Scalars['ID']['input']>;
  status?: InputMaybe<CaseStatus>;
};


export type QuerySpecificationArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySpecificationsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A platform role, as identity defines it: work items are offered to roles by these names. */
export type Role =
  | 'ADMIN'
  | 'USER'
  | 'VIEWER';

/**
 * A versioned YAWL specification uploaded by a tenant. Cases run against one version. As in YAWL, a specification
 * version is identified by `identifier` and `version` together; `uri` only names it.
 */
export type Specification = {
  __typename?: 'Specification';
  createdAt: Scalars['DateTime']['output'];
  createdBy: User;
  description: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /**
   * YAWL's identifier of the specification (`metaData/identifier`, e.g. `UID_…`), the same for all its versions; for
   * a specification without one (YAWL Beta files), its `uri`. Uploading another `version` of the same identifier
   * adds a version; uploading an (identifier, version) that exists is refused with `CONFLICT`.
   */
  identifier: Scalars['String']['output'];
  name: Scalars['String']['output'];
  /** Whether cases can be launched: false for specifications registered without a YAWL model. */
  runnable: Scalars['Boolean']['output'];
  /** The `uri` attribute of the `specification` element: a name chosen by its author, which need not be unique. */
  uri: Scalars['String']['output'];
  /** The specification's version (`metaData/version`), e.g. "0.2". */
  version: Scalars['String']['output'];
  /** Verification warnings found at import; errors refuse the import. */
  warnings: Array<VerificationIssue>;
  /** The YAWL 4.0 XML, as exported from the stored model. */
  xml: Maybe<Scalars['String']['output']>;
};

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Case events of the caller's tenant, in per-case order without gaps or repeats. With `caseId`, the case's
   * history is replayed first (from `after`, a cursor this case's subscription issued, else from its start). Without
   * `caseId`, events of all the tenant's cases flow from now on, or, with `after` (a cursor a subscription without
   * `caseId` issued), from right after that cursor: everything since is replayed from the log across all cases, then
   * events continue live, none lost or repeated. `specificationId` and `types` keep only matching events.
   */
  caseEvents: CaseEventNotification;
  /**
   * Changes to the caller's own work queue from now on, one per item change: ADDED, UPDATED, REMOVED. To keep a queue
   * current, subscribe, then read `workQueue`, and apply each change by work-item id; a change carries the item as it is,
   * so applying one the query already reflects does no harm.
   */
  workQueueChanged: WorkQueueChange;
};


export type SubscriptionCaseEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  caseId?: InputMaybe<Scalars['ID']['input']>;
  specificationId?: InputMaybe<Scalars['ID']['input']>;
  types?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
  /** Specifications this user uploaded, newest first. */
  specifications: Array<Specification>;
  /** Work items offered to, allocated to or started by this user (only the caller's own queue is visible). */
  workQueue: Array<WorkItem>;
};

export type VerificationIssue = {
  __typename?: 'VerificationIssue';
  code: Scalars['String']['output'];
  /** The id of the offending element (task, condition, net or decomposition). */
  elementId: Scalars['String']['output'];
  message: Scalars['String']['output'];
  /** For a task or condition, the net it belongs to: as in YAWL, element ids are unique only within their net. */
  netId: Maybe<Scalars['String']['output']>;
  severity: Scalars['String']['output'];
};

export type WorkItem = {
  __typename?: 'WorkItem';
  /** Who the item is allocated to or was started by. */
  assignee: Maybe<User>;
  case: Case;
  /** For a MULTI_INSTANCE_PARENT, its instances in creation order (ended ones included); else empty. */
  children: Array<WorkItem>;
  enabledAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** The task's input, as JSON, once the item started. */
  input: Maybe<Scalars['JSON']['output']>;
  kind: WorkItemKind;
  /** For a MULTI_INSTANCE_CHILD, the multiple-instance task it is an instance of; else null. */
  parent: Maybe<WorkItem>;
  status: WorkItemStatus;
  taskId: Scalars['String']['output'];
  taskName: Maybe<Scalars['String']['output']>;
};

/**
 * What a work item stands for. Composite tasks have no work item here: as in YAWL, the engine starts them itself and
 * only their subnet's tasks become work items.
 */
export type WorkItemKind =
  /** A task carried out by a person or a service. */
  | 'ATOMIC'
  /** One instance of a multiple-instance task, worked on like an atomic item; its `parent` is the task as a whole. */
  | 'MULTI_INSTANCE_CHILD'
  /**
   * A multiple-instance task as a whole: the engine starts it as soon as it is enabled and splits its input into
   * `children`; it completes when enough of them have. It is never in a work queue, and nobody acts on it.
   */
  | 'MULTI_INSTANCE_PARENT';

export type WorkItemStatus =
  | 'ALLOCATED'
  | 'CANCELLED'
  | 'COMPLETED'
  | 'ENABLED'
  | 'OFFERED'
  | 'SKIPPED'
  | 'STARTED'
  | 'SUSPENDED'
  | 'WITHDRAWN';

/** A change to the caller's work queue (`Query.workQueue`), as `workQueueChanged` delivers it. */
export type WorkQueueChange = {
  __typename?: 'WorkQueueChange';
  /** Opaque position of that event in its case, as `caseEvents` issues it: `caseEvents(caseId, after: cursor)` follows the case from there. */
  cursor: Scalars['String']['output'];
  /**
   * The engine event the change was seen on, e.g. `workitem.enabled`, `workitem.started`, `workitem.completed`; when one
   * command made several changes to the item (a launch enables and offers it), the first of its events.
   */
  eventType: Scalars['String']['output'];
  kind: WorkQueueChangeKind;
  occurredAt: Scalars['DateTime']['output'];
  /** The item as it was read for this change; after REMOVED, as it left the queue (e.g. COMPLETED, or STARTED by someone else). */
  workItem: WorkItem;
};

export type WorkQueueChangeKind =
  /** The item entered the caller's queue: offered to them, their role or everyone, allocated to them, or started by them. */
  | 'ADDED'
  /** The item left the caller's queue: completed, skipped, cancelled, suspended, or taken by someone else. */
  | 'REMOVED'
  /** The item changed and is still in the caller's queue, e.g. they allocated or started it. */
  | 'UPDATED';



export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  Case: Case;
  Specification: Specification;
  User: User;
  WorkItem: WorkItem;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Case:
    ( { __typename: 'Case' }
    & GraphQLRecursivePick<FederationTypes['Case'], {"id":true}> );
  Specification:
    ( { __typename: 'Specification' }
    & GraphQLRecursivePick<FederationTypes['Specification'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
  WorkItem:
    ( { __typename: 'WorkItem' }
    & GraphQLRecursivePick<FederationTypes['WorkItem'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Case: ResolverTypeWrapper<CaseRow>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CaseConnection: ResolverTypeWrapper<Omit<CaseConnection, 'edges'> & { edges: Array<ResolversTypes['CaseEdge']> }>;
  CaseEdge: ResolverTypeWrapper<Omit<CaseEdge, 'node'> & { node: ResolversTypes['Case'] }>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CaseEvent: ResolverTypeWrapper<CaseEventRow>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CaseEventNotification: ResolverTypeWrapper<CaseEventNotice>;
  CaseStatus: CaseStatus;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  ImportResult: ResolverTypeWrapper<Omit<ImportResult, 'specifications' | 'warnings'> & { specifications: Array<ResolversTypes['Specification']>, warnings: Array<ResolversTypes['VerificationIssue']> }>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Role: Role;
  Specification: ResolverTypeWrapper<SpecificationRow>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  User: ResolverTypeWrapper<UserReference>;
  VerificationIssue: ResolverTypeWrapper<VerificationIssueModel>;
  WorkItem: ResolverTypeWrapper<WorkItemModel>;
  WorkItemKind: WorkItemKind;
  WorkItemStatus: WorkItemStatus;
  WorkQueueChange: ResolverTypeWrapper<WorkQueueChangeModel>;
  WorkQueueChangeKind: WorkQueueChangeKind;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Case: CaseRow;
  ID: Scalars['ID']['output'];
  CaseConnection: Omit<CaseConnection, 'edges'> & { edges: Array<ResolversParentTypes['CaseEdge']> };
  CaseEdge: Omit<CaseEdge, 'node'> & { node: ResolversParentTypes['Case'] };
  String: Scalars['String']['output'];
  CaseEvent: CaseEventRow;
  Int: Scalars['Int']['output'];
  CaseEventNotification: CaseEventNotice;
  DateTime: Scalars['DateTime']['output'];
  ImportResult: Omit<ImportResult, 'specifications' | 'warnings'> & { specifications: Array<ResolversParentTypes['Specification']>, warnings: Array<ResolversParentTypes['VerificationIssue']> };
  JSON: Scalars['JSON']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Query: Record<PropertyKey, never>;
  Specification: SpecificationRow;
  Subscription: Record<PropertyKey, never>;
  User: UserReference;
  VerificationIssue: VerificationIssueModel;
  WorkItem: WorkItemModel;
  WorkQueueChange: WorkQueueChangeModel;
};

export type CaseResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Case'] = ResolversParentTypes['Case'], FederationReferenceType extends FederationReferenceTypes['Case'] = FederationReferenceTypes['Case']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Case']> | FederationReferenceType, FederationReferenceType, ContextType>;
  data?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  endedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['CaseEvent']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  specification?: Resolver<ResolversTypes['Specification'], ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  startedBy?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CaseStatus'], ParentType, ContextType>;
  workItems?: Resolver<Array<ResolversTypes['WorkItem']>, ParentType, ContextType>;
};

export type CaseConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CaseConnection'] = ResolversParentTypes['CaseConnection']> = {
  edges?: Resolver<Array<ResolversTypes['CaseEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type CaseEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CaseEdge'] = ResolversParentTypes['CaseEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Case'], ParentType, ContextType>;
};

export type CaseEventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CaseEvent'] = ResolversParentTypes['CaseEvent']> = {
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  sequence?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  taskId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  workItemId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CaseEventNotificationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CaseEventNotification'] = ResolversParentTypes['CaseEventNotification']> = {
  case?: Resolver<ResolversTypes['Case'], ParentType, ContextType>;
  caseId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  sequence?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  taskId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  workItem?: Resolver<Maybe<ResolversTypes['WorkItem']>, ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type ImportResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ImportResult'] = ResolversParentTypes['ImportResult']> = {
  specifications?: Resolver<Array<ResolversTypes['Specification']>, ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['VerificationIssue']>, ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  allocateWorkItem?: Resolver<ResolversTypes['WorkItem'], ParentType, ContextType, RequireFields<MutationAllocateWorkItemArgs, 'id'>>;
  cancelCase?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationCancelCaseArgs, 'id'>>;
  cancelWorkItem?: Resolver<ResolversTypes['WorkItem'], ParentType, ContextType, RequireFields<MutationCancelWorkItemArgs, 'id'>>;
  completeWorkItem?: Resolver<ResolversTypes['WorkItem'], ParentType, ContextType, RequireFields<MutationCompleteWorkItemArgs, 'id'>>;
  importSpecification?: Resolver<ResolversTypes['ImportResult'], ParentType, ContextType, RequireFields<MutationImportSpecificationArgs, 'xml'>>;
  launchCase?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationLaunchCaseArgs, 'specificationId'>>;
  offerWorkItem?: Resolver<ResolversTypes['WorkItem'], ParentType, ContextType, RequireFields<MutationOfferWorkItemArgs, 'id'>>;
  resumeCase?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationResumeCaseArgs, 'id'>>;
  resumeWorkItem?: Resolver<ResolversTypes['WorkItem'], ParentType, ContextType, RequireFields<MutationResumeWorkItemArgs, 'id'>>;
  skipWorkItem?: Resolver<ResolversTypes['WorkItem'], ParentType, ContextType, RequireFields<MutationSkipWorkItemArgs, 'id'>>;
  startWorkItem?: Resolver<ResolversTypes['WorkItem'], ParentType, ContextType, RequireFields<MutationStartWorkItemArgs, 'id'>>;
  suspendCase?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationSuspendCaseArgs, 'id'>>;
  suspendWorkItem?: Resolver<ResolversTypes['WorkItem'], ParentType, ContextType, RequireFields<MutationSuspendWorkItemArgs, 'id'>>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  case?: Resolver<Maybe<ResolversTypes['Case']>, ParentType, ContextType, RequireFields<QueryCaseArgs, 'id'>>;
  cases?: Resolver<ResolversTypes['CaseConnection'], ParentType, ContextType, RequireFields<QueryCasesArgs, 'first'>>;
  specification?: Resolver<Maybe<ResolversTypes['Specification']>, ParentType, ContextType, RequireFields<QuerySpecificationArgs, 'id'>>;
  specifications?: Resolver<Array<ResolversTypes['Specification']>, ParentType, ContextType, RequireFields<QuerySpecificationsArgs, 'first'>>;
  workQueue?: Resolver<Array<ResolversTypes['WorkItem']>, ParentType, ContextType>;
};

export type SpecificationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Specification'] = ResolversParentTypes['Specification'], FederationReferenceType extends FederationReferenceTypes['Specification'] = FederationReferenceTypes['Specification']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Specification']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  identifier?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  runnable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  uri?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['VerificationIssue']>, ParentType, ContextType>;
  xml?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  caseEvents?: SubscriptionResolver<ResolversTypes['CaseEventNotification'], "caseEvents", ParentType, ContextType, Partial<SubscriptionCaseEventsArgs>>;
  workQueueChanged?: SubscriptionResolver<ResolversTypes['WorkQueueChange'], "workQueueChanged", ParentType, ContextType>;
};

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  specifications?: Resolver<Array<ResolversTypes['Specification']>, ParentType, ContextType>;
  workQueue?: Resolver<Array<ResolversTypes['WorkItem']>, ParentType, ContextType>;
};

export type VerificationIssueResolvers<ContextType = Context, ParentType extends ResolversParentTypes['VerificationIssue'] = ResolversParentTypes['VerificationIssue']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  elementId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  netId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  severity?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type WorkItemResolvers<ContextType = Context, ParentType extends ResolversParentTypes['WorkItem'] = ResolversParentTypes['WorkItem'], FederationReferenceType extends FederationReferenceTypes['WorkItem'] = FederationReferenceTypes['WorkItem']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['WorkItem']> | FederationReferenceType, FederationReferenceType, ContextType>;
  assignee?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  case?: Resolver<ResolversTypes['Case'], ParentType, ContextType>;
  children?: Resolver<Array<ResolversTypes['WorkItem']>, ParentType, ContextType>;
  enabledAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  input?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['WorkItemKind'], ParentType, ContextType>;
  parent?: Resolver<Maybe<ResolversTypes['WorkItem']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['WorkItemStatus'], ParentType, ContextType>;
  taskId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  taskName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type WorkQueueChangeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['WorkQueueChange'] = ResolversParentTypes['WorkQueueChange']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  eventType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['WorkQueueChangeKind'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  workItem?: Resolver<ResolversTypes['WorkItem'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Case?: CaseResolvers<ContextType>;
  CaseConnection?: CaseConnectionResolvers<ContextType>;
  CaseEdge?: CaseEdgeResolvers<ContextType>;
  CaseEvent?: CaseEventResolvers<ContextType>;
  CaseEventNotification?: CaseEventNotificationResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  ImportResult?: ImportResultResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Specification?: SpecificationResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  VerificationIssue?: VerificationIssueResolvers<ContextType>;
  WorkItem?: WorkItemResolvers<ContextType>;
  WorkQueueChange?: WorkQueueChangeResolvers<ContextType>;
};

