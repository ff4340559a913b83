import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { SpecificationReference, TenantReference } from '../mappers.js';
import type { SpecificationMetricsRow } from '../data/schema.js';
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

export type Query = {
  __typename?: 'Query';
  /** The caller's specifications with the most started cases. */
  busiestSpecifications: Array<Specification>;
};


export type QueryBusiestSpecificationsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type Specification = {
  __typename?: 'Specification';
  id: Scalars['ID']['output'];
  metrics: SpecificationMetrics;
};

/** Case counts and timings of one specification, aggregated from workflow events. */
export type SpecificationMetrics = {
  __typename?: 'SpecificationMetrics';
  /** Mean seconds from start to completion over completed cases; null before the first completion. */
  averageCycleTimeSeconds: Maybe<Scalars['Float']['output']>;
  casesCancelled: Scalars['Int']['output'];
  casesCompleted: Scalars['Int']['output'];
  /** Cases started and not yet completed or cancelled. */
  casesRunning: Scalars['Int']['output'];
  casesStarted: Scalars['Int']['output'];
  lastEventAt: Maybe<Scalars['DateTime']['output']>;
};

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Live dashboards: the caller's tenant's specifications, each time analytics has counted an event that changed
   * their metrics, from now on. With `specificationId`, only that one. Changes that come faster than the client
   * reads are merged: it gets the specification once, with its metrics as they are when it is delivered.
   */
  specificationMetricsChanged: Specification;
};


export type SubscriptionSpecificationMetricsChangedArgs = {
  specificationId?: InputMaybe<Scalars['ID']['input']>;
};

export type Tenant = {
  __typename?: 'Tenant';
  id: Scalars['ID']['output'];
  metrics: TenantMetrics;
};

export type TenantMetrics = {
  __typename?: 'TenantMetrics';
  casesCompleted: Scalars['Int']['output'];
  casesRunning: Scalars['Int']['output'];
  casesStarted: Scalars['Int']['output'];
  specificationsWithCases: Scalars['Int']['output'];
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
  Specification: Specification;
  Tenant: Tenant;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Specification:
    ( { __typename: 'Specification' }
    & GraphQLRecursivePick<FederationTypes['Specification'], {"id":true}> );
  Tenant:
    ( { __typename: 'Tenant' }
    & GraphQLRecursivePick<FederationTypes['Tenant'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Specification: ResolverTypeWrapper<SpecificationReference>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  SpecificationMetrics: ResolverTypeWrapper<SpecificationMetricsRow>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Tenant: ResolverTypeWrapper<TenantReference>;
  TenantMetrics: ResolverTypeWrapper<TenantMetrics>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  DateTime: Scalars['DateTime']['output'];
  Query: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  Specification: SpecificationReference;
  ID: Scalars['ID']['output'];
  SpecificationMetrics: SpecificationMetricsRow;
  Float: Scalars['Float']['output'];
  Subscription: Record<PropertyKey, never>;
  Tenant: TenantReference;
  TenantMetrics: TenantMetrics;
  Boolean: Scalars['Boolean']['output'];
  String: Scalars['String']['output'];
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  busiestSpecifications?: Resolver<Array<ResolversTypes['Specification']>, ParentType, ContextType, RequireFields<QueryBusiestSpecificationsArgs, 'first'>>;
};

export type SpecificationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Specification'] = ResolversParentTypes['Specification'], FederationReferenceType extends FederationReferenceTypes['Specification'] = FederationReferenceTypes['Specification']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Specification']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  metrics?: Resolver<ResolversTypes['SpecificationMetrics'], ParentType, ContextType>;
};

export type SpecificationMetricsResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SpecificationMetrics'] = ResolversParentTypes['SpecificationMetrics']> = {
  averageCycleTimeSeconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  casesCancelled?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  casesCompleted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  casesRunning?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  casesStarted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastEventAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  specificationMetricsChanged?: SubscriptionResolver<ResolversTypes['Specification'], "specificationMetricsChanged", ParentType, ContextType, Partial<SubscriptionSpecificationMetricsChangedArgs>>;
};

export type TenantResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Tenant'] = ResolversParentTypes['Tenant'], FederationReferenceType extends FederationReferenceTypes['Tenant'] = FederationReferenceTypes['Tenant']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Tenant']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  metrics?: Resolver<ResolversTypes['TenantMetrics'], ParentType, ContextType>;
};

export type TenantMetricsResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TenantMetrics'] = ResolversParentTypes['TenantMetrics']> = {
  casesCompleted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  casesRunning?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  casesStarted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  specificationsWithCases?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  DateTime?: GraphQLScalarType;
  Query?: QueryResolvers<ContextType>;
  Specification?: SpecificationResolvers<ContextType>;
  SpecificationMetrics?: SpecificationMetricsResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Tenant?: TenantResolvers<ContextType>;
  TenantMetrics?: TenantMetricsResolvers<ContextType>;
};

