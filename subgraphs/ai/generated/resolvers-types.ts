import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { GenerationRow, StoredSimilar, FeedbackRow } from '../data/schema.js';
import type { UserReference, SpecificationReference } from '../mappers.js';
import type { Context } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
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
  _FieldSet: { input: any; output: any; }
};

export type FeedbackAction =
  /** The result was used as it is. */
  | 'DEPLOYED'
  /** The result was used after changes. */
  | 'EDITED'
  | 'REJECTED';

export type GenerateWorkflowInput = {
  hints?: InputMaybe<GenerationHints>;
  /** What the workflow should do, in plain language; at most 2,000 characters. */
  intent: Scalars['String']['input'];
};

export type GenerationHints = {
  /** A role offered the tasks whose intent names nobody, e.g. `clerk`. */
  defaultRole?: InputMaybe<Scalars['String']['input']>;
  /** The specification's title (else the intent's `Title:` prefix or its first words). */
  name?: InputMaybe<Scalars['String']['input']>;
};

/** A problem the YAWL schema check or verifier found in a draft, or the reason the provider could not draft. */
export type GenerationIssue = {
  __typename?: 'GenerationIssue';
  code: Scalars['String']['output'];
  /** The offending element's id (task, condition, net, decomposition) or `specificationSet`. */
  elementId: Scalars['String']['output'];
  message: Scalars['String']['output'];
  severity: Scalars['String']['output'];
};

/** One draft and what verification said of it: round 1 is the first draft, later rounds are repairs. */
export type GenerationRound = {
  __typename?: 'GenerationRound';
  issues: Array<GenerationIssue>;
  round: Scalars['Int']['output'];
};

/**
 * Where a generation is: PENDING until the background work picks it up, then RETRIEVING similar workflows, DRAFTING,
 * VERIFYING the draft, REPAIRING it when verification found errors, and finally SUCCEEDED or FAILED.
 */
export type GenerationStatus =
  | 'DRAFTING'
  | 'FAILED'
  | 'PENDING'
  | 'REPAIRING'
  | 'RETRIEVING'
  | 'SUCCEEDED'
  | 'VERIFYING';

export type ImportStatus =
  | 'FAILED'
  | 'IMPORTED'
  | 'NOT_REQUESTED'
  /** importGeneratedWorkflow asked the workflows subgraph to create the specification; it has not answered yet. */
  | 'REQUESTED';

/** Where a workflow of the knowledge base comes from. */
export type KnowledgeSourceKind =
  /** A successful generation of this tenant's. */
  | 'GENERATED'
  /** A published marketplace template this tenant may see: a public one of any tenant, or one of its own. */
  | 'MARKETPLACE_TEMPLATE'
  /** A specification imported into this tenant (told by the workflows subgraph). */
  | 'TENANT_SPECIFICATION';

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Starts a generation and returns it at once (PENDING); the work runs in the background, reported by
   * `workflowGenerationUpdated`. Refused with BAD_USER_INPUT for an empty or too long intent or bad hints, and with
   * RATE_LIMITED while the tenant has too many generations running.
   */
  generateWorkflow: WorkflowGeneration;
  /**
   * Creates the specification of a SUCCEEDED generation in the caller's tenant: the workflows subgraph imports it from
   * the event this publishes, then `specification` resolves and importStatus is IMPORTED (or FAILED with importError).
   * Asking again while requested or after it was imported returns the generation as it is. CONFLICT unless SUCCEEDED.
   */
  importGeneratedWorkflow: WorkflowGeneration;
  /**
   * Tells how a generation's result fared; later generations rank similar workflows by it. CONFLICT unless SUCCEEDED;
   * a comment of at most 2,000 characters.
   */
  workflowFeedback: WorkflowFeedback;
};


export type MutationGenerateWorkflowArgs = {
  input: GenerateWorkflowInput;
};


export type MutationImportGeneratedWorkflowArgs = {
  id: Scalars['ID']['input'];
};


export type MutationWorkflowFeedbackArgs = {
  action: FeedbackAction;
  comment?: InputMaybe<Scalars['String']['input']>;
  generationId: Scalars['ID']['input'];
};

export type Query = {
  __typename?: 'Query';
  workflowGeneration: Maybe<WorkflowGeneration>;
  /** The caller's tenant's generations, newest first. */
  workflowGenerations: Array<WorkflowGeneration>;
};


export type QueryWorkflowGenerationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryWorkflowGenerationsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A workflow of the knowledge base found similar to the intent; its patterns went into the draft as context. */
export type SimilarWorkflow = {
  __typename?: 'SimilarWorkflow';
  /** What it does: the intent of a generation, the description of a specification or template. */
  intent: Scalars['String']['output'];
  kind: KnowledgeSourceKind;
  patterns: Array<Scalars['String']['output']>;
  /** Text similarity to the intent, weighted by how the workflow and its patterns fared (deployed versus rejected). */
  score: Scalars['Float']['output'];
  /** The same as `kind`, as a string (kept for clients written before `kind`). */
  source: Scalars['String']['output'];
  /** Share of feedback on this workflow that was positive (DEPLOYED, EDITED), null without feedback. */
  successRate: Maybe<Scalars['Float']['output']>;
  title: Scalars['String']['output'];
};

export type Specification = {
  __typename?: 'Specification';
  id: Scalars['ID']['output'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** The generation as it is now, then each time its status changes, until it SUCCEEDED or FAILED. */
  workflowGenerationUpdated: WorkflowGeneration;
};


export type SubscriptionWorkflowGenerationUpdatedArgs = {
  id: Scalars['ID']['input'];
};

export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
  workflowGenerations: Array<WorkflowGeneration>;
};

export type WorkflowFeedback = {
  __typename?: 'WorkflowFeedback';
  action: FeedbackAction;
  comment: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  givenBy: Maybe<User>;
  id: Scalars['ID']['output'];
  /** True for a signal nobody gave explicitly: a case launched from the imported specification counts as DEPLOYED. */
  implicit: Scalars['Boolean']['output'];
};

/** One request to turn a plain-language intent into a YAWL specification, and its outcome. */
export type WorkflowGeneration = {
  __typename?: 'WorkflowGeneration';
  /** Whether the result was taken from an earlier generation of the same intent and hints (within 24 hours) without drafting again. */
  cached: Scalars['Boolean']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** Feedback on the result, newest first: given by people, or implicit (a case launched from the imported specification). */
  feedback: Array<WorkflowFeedback>;
  id: Scalars['ID']['output'];
  /** Why the workflows subgraph refused the import, when importStatus is FAILED. */
  importError: Maybe<Scalars['String']['output']>;
  importStatus: ImportStatus;
  intent: Scalars['String']['output'];
  /** The final verdict's issues: empty on success; on failure, the last round's issues or the reason drafting failed. */
  issues: Array<GenerationIssue>;
  /** Workflow patterns the result uses, e.g. `WCP-4 exclusive choice`. */
  patterns: Array<Scalars['String']['output']>;
  /** The final verdict's problems, as sentences (see `issues` for codes). */
  problems: Array<Scalars['String']['output']>;
  /** The drafting provider: `planner` (deterministic, offline) or `openai:<model>`. */
  provider: Scalars['String']['output'];
  requestedBy: User;
  /** Every draft's verification issues, in order. */
  rounds: Array<GenerationRound>;
  similar: Array<SimilarWorkflow>;
  /** The specification created from the result, once it was imported (resolved by the workflows subgraph). */
  specification: Maybe<Specification>;
  /** The generated YAWL 4.0 XML, once the generation succeeded; it always passed verification. */
  specificationXml: Maybe<Scalars['String']['output']>;
  status: GenerationStatus;
  updatedAt: Scalars['DateTime']['output'];
};



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
  User: User;
  WorkflowGeneration: WorkflowGeneration;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
  WorkflowGeneration:
    ( { __typename: 'WorkflowGeneration' }
    & GraphQLRecursivePick<FederationTypes['WorkflowGeneration'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  FeedbackAction: FeedbackAction;
  GenerateWorkflowInput: GenerateWorkflowInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  GenerationHints: GenerationHints;
  GenerationIssue: ResolverTypeWrapper<GenerationIssue>;
  GenerationRound: ResolverTypeWrapper<GenerationRound>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  GenerationStatus: GenerationStatus;
  ImportStatus: ImportStatus;
  KnowledgeSourceKind: KnowledgeSourceKind;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SimilarWorkflow: ResolverTypeWrapper<StoredSimilar>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Specification: ResolverTypeWrapper<SpecificationReference>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  User: ResolverTypeWrapper<UserReference>;
  WorkflowFeedback: ResolverTypeWrapper<FeedbackRow>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  WorkflowGeneration: ResolverTypeWrapper<GenerationRow>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  DateTime: Scalars['DateTime']['output'];
  GenerateWorkflowInput: GenerateWorkflowInput;
  String: Scalars['String']['output'];
  GenerationHints: GenerationHints;
  GenerationIssue: GenerationIssue;
  GenerationRound: GenerationRound;
  Int: Scalars['Int']['output'];
  Mutation: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  Query: Record<PropertyKey, never>;
  SimilarWorkflow: StoredSimilar;
  Float: Scalars['Float']['output'];
  Specification: SpecificationReference;
  Subscription: Record<PropertyKey, never>;
  User: UserReference;
  WorkflowFeedback: FeedbackRow;
  Boolean: Scalars['Boolean']['output'];
  WorkflowGeneration: GenerationRow;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type GenerationIssueResolvers<ContextType = Context, ParentType extends ResolversParentTypes['GenerationIssue'] = ResolversParentTypes['GenerationIssue']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  elementId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  severity?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type GenerationRoundResolvers<ContextType = Context, ParentType extends ResolversParentTypes['GenerationRound'] = ResolversParentTypes['GenerationRound']> = {
  issues?: Resolver<Array<ResolversTypes['GenerationIssue']>, ParentType, ContextType>;
  round?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  generateWorkflow?: Resolver<ResolversTypes['WorkflowGeneration'], ParentType, ContextType, RequireFields<MutationGenerateWorkflowArgs, 'input'>>;
  importGeneratedWorkflow?: Resolver<ResolversTypes['WorkflowGeneration'], ParentType, ContextType, RequireFields<MutationImportGeneratedWorkflowArgs, 'id'>>;
  workflowFeedback?: Resolver<ResolversTypes['WorkflowFeedback'], ParentType, ContextType, RequireFields<MutationWorkflowFeedbackArgs, 'action' | 'generationId'>>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  workflowGeneration?: Resolver<Maybe<ResolversTypes['WorkflowGeneration']>, ParentType, ContextType, RequireFields<QueryWorkflowGenerationArgs, 'id'>>;
  workflowGenerations?: Resolver<Array<ResolversTypes['WorkflowGeneration']>, ParentType, ContextType, RequireFields<QueryWorkflowGenerationsArgs, 'first'>>;
};

export type SimilarWorkflowResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SimilarWorkflow'] = ResolversParentTypes['SimilarWorkflow']> = {
  intent?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['KnowledgeSourceKind'], ParentType, ContextType>;
  patterns?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  successRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SpecificationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Specification'] = ResolversParentTypes['Specification']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  workflowGenerationUpdated?: SubscriptionResolver<ResolversTypes['WorkflowGeneration'], "workflowGenerationUpdated", ParentType, ContextType, RequireFields<SubscriptionWorkflowGenerationUpdatedArgs, 'id'>>;
};

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  workflowGenerations?: Resolver<Array<ResolversTypes['WorkflowGeneration']>, ParentType, ContextType>;
};

export type WorkflowFeedbackResolvers<ContextType = Context, ParentType extends ResolversParentTypes['WorkflowFeedback'] = ResolversParentTypes['WorkflowFeedback']> = {
  action?: Resolver<ResolversTypes['FeedbackAction'], ParentType, ContextType>;
  comment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  givenBy?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  implicit?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type WorkflowGenerationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['WorkflowGeneration'] = ResolversParentTypes['WorkflowGeneration'], FederationReferenceType extends FederationReferenceTypes['WorkflowGeneration'] = FederationReferenceTypes['WorkflowGeneration']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['WorkflowGeneration']> | FederationReferenceType, FederationReferenceType, ContextType>;
  cached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  feedback?: Resolver<Array<ResolversTypes['WorkflowFeedback']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  importError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  importStatus?: Resolver<ResolversTypes['ImportStatus'], ParentType, ContextType>;
  intent?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  issues?: Resolver<Array<ResolversTypes['GenerationIssue']>, ParentType, ContextType>;
  patterns?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  problems?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  provider?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  requestedBy?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  rounds?: Resolver<Array<ResolversTypes['GenerationRound']>, ParentType, ContextType>;
  similar?: Resolver<Array<ResolversTypes['SimilarWorkflow']>, ParentType, ContextType>;
  specification?: Resolver<Maybe<ResolversTypes['Specification']>, ParentType, ContextType>;
  specificationXml?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['GenerationStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  DateTime?: GraphQLScalarType;
  GenerationIssue?: GenerationIssueResolvers<ContextType>;
  GenerationRound?: GenerationRoundResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  SimilarWorkflow?: SimilarWorkflowResolvers<ContextType>;
  Specification?: SpecificationResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  WorkflowFeedback?: WorkflowFeedbackResolvers<ContextType>;
  WorkflowGeneration?: WorkflowGenerationResolvers<ContextType>;
};

