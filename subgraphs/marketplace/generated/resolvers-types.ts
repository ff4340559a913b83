import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { TemplateRecord } from '../data/template-store.js';
import type { UserReference, SpecificationReference, SaleRecord } from '../mappers.js';
import type { PurchaseRow, ReviewRow, InstallationRow } from '../data/schema.js';
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
  _FieldSet: { input: any; output: any; }
};

export type InstallationStatus =
  | 'FAILED'
  | 'INSTALLED'
  | 'PENDING';

export type Mutation = {
  __typename?: 'Mutation';
  /** Creates the caller's Stripe Connect account (once) and a fresh onboarding link. */
  connectPayoutAccount: PayoutAccountLink;
  /** Creates a specification in the caller's tenant from the template's latest snapshot; again gives the same installation. */
  installTemplate: TemplateInstallation;
  publishTemplate: Template;
  /** A new snapshot of the template's specification; buyers get it from now on. */
  publishTemplateVersion: Template;
  /** A Checkout Session for a paid template (reused while pending), or the template at once when free. */
  purchaseTemplate: Purchase;
  /** Rates a template the caller's tenant acquired (1–5); a second review from the tenant replaces the first. */
  reviewTemplate: Review;
  /** Withdraws the template from the catalog; tenants that bought it keep access. */
  unpublishTemplate: Template;
  updateTemplate: Template;
};


export type MutationInstallTemplateArgs = {
  templateId: Scalars['ID']['input'];
};


export type MutationPublishTemplateArgs = {
  input: PublishTemplateInput;
};


export type MutationPublishTemplateVersionArgs = {
  id: Scalars['ID']['input'];
  input: PublishTemplateVersionInput;
};


export type MutationPurchaseTemplateArgs = {
  templateId: Scalars['ID']['input'];
};


export type MutationReviewTemplateArgs = {
  comment?: InputMaybe<Scalars['String']['input']>;
  rating: Scalars['Int']['input'];
  templateId: Scalars['ID']['input'];
};


export type MutationUnpublishTemplateArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateTemplateArgs = {
  id: Scalars['ID']['input'];
  input: UpdateTemplateInput;
};

export type PayoutAccountLink = {
  __typename?: 'PayoutAccountLink';
  /** The Stripe Connect account (acct_…). */
  accountId: Scalars['String']['output'];
  /** Where the creator finishes onboarding at Stripe. */
  onboardingUrl: Scalars['String']['output'];
};

export type PayoutStatus =
  | 'CANCELLED'
  | 'PAID'
  | 'PENDING'
  | 'REVERSAL_PENDING'
  | 'REVERSED';

/** Sales totals in one currency, in its smallest unit. */
export type PayoutSummary = {
  __typename?: 'PayoutSummary';
  currency: Scalars['String']['output'];
  /** Every paid sale, refunded ones included. */
  grossCents: Scalars['Int']['output'];
  /** The creators' 70% of the sales that were not refunded. */
  netCents: Scalars['Int']['output'];
  /** The platform's 30% of the sales that were not refunded. */
  platformFeeCents: Scalars['Int']['output'];
  refundedCents: Scalars['Int']['output'];
  sales: Scalars['Int']['output'];
};

/** Identity's public view of a user; the marketplace knows only the id. */
export type PublicProfile = {
  __typename?: 'PublicProfile';
  id: Scalars['ID']['output'];
};

export type PublishTemplateInput = {
  category: Scalars['String']['input'];
  currency: Scalars['String']['input'];
  description: Scalars['String']['input'];
  name: Scalars['String']['input'];
  priceCents: Scalars['Int']['input'];
  /** The caller's specification the template is published from. */
  specificationId: Scalars['ID']['input'];
  /** That specification's YAWL XML (Specification.xml); verified here before anything is stored. */
  specificationXml: Scalars['String']['input'];
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  visibility?: InputMaybe<TemplateVisibility>;
};

export type PublishTemplateVersionInput = {
  specificationId: Scalars['ID']['input'];
  specificationXml: Scalars['String']['input'];
};

export type Purchase = {
  __typename?: 'Purchase';
  amountCents: Scalars['Int']['output'];
  /** The Stripe Checkout page to pay on, while the purchase is pending. */
  checkoutUrl: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  currency: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  paidAt: Maybe<Scalars['DateTime']['output']>;
  refundedAt: Maybe<Scalars['DateTime']['output']>;
  status: PurchaseStatus;
  template: Maybe<Template>;
};

export type PurchaseStatus =
  /** A free template, acquired at once. */
  | 'FREE'
  | 'PAID'
  /** Waiting for Stripe Checkout to complete. */
  | 'PENDING'
  | 'REFUNDED';

export type Query = {
  __typename?: 'Query';
  myInstallations: Array<TemplateInstallation>;
  /** The caller's tenant's purchases. */
  myPurchases: Array<Purchase>;
  /** Sales of the caller's tenant's templates, newest first. */
  mySales: Array<Sale>;
  payoutSummary: Array<PayoutSummary>;
  template: Maybe<Template>;
  templateCategories: Array<Scalars['String']['output']>;
  /**
   * Templates visible to the caller (public published ones and the tenant's own), filtered and sorted,
   * a page at a time: pass `after: pageInfo.endCursor` for the next.
   */
  templates: TemplateConnection;
};


export type QueryMySalesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryTemplateArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTemplatesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TemplateFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  sort?: InputMaybe<TemplateSort>;
};

export type Review = {
  __typename?: 'Review';
  /** The reviewer, within their own tenant only. */
  author: Maybe<User>;
  comment: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  rating: Scalars['Int']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

/** A sale of one of the caller's tenant's templates. */
export type Sale = {
  __typename?: 'Sale';
  amountCents: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  creatorAmountCents: Scalars['Int']['output'];
  currency: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  paidAt: Maybe<Scalars['DateTime']['output']>;
  payoutStatus: Maybe<PayoutStatus>;
  platformFeeCents: Scalars['Int']['output'];
  status: PurchaseStatus;
  template: Maybe<Template>;
};

export type Specification = {
  __typename?: 'Specification';
  id: Scalars['ID']['output'];
  /** Templates published from this specification. */
  templates: Array<Template>;
};

/** A workflow template offered in the marketplace. */
export type Template = {
  __typename?: 'Template';
  /** Mean of the reviews' ratings (1–5); null until someone reviews it. */
  averageRating: Maybe<Scalars['Float']['output']>;
  category: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /**
   * The publishing user; null when the publisher belongs to another tenant (a User is visible to its
   * own tenant only). Buyers see the creator through \`creatorProfile\`.
   */
  creator: Maybe<User>;
  /** Who published it, as every tenant may see them: identity's public profile (a display name only). */
  creatorProfile: PublicProfile;
  currency: Scalars['String']['output'];
  description: Scalars['String']['output'];
  /** Tenants that acquired it (paid or free), refunds taken off. */
  downloads: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** The price in the currency's smallest unit (cents; yen for JPY). 0 is free. */
  priceCents: Scalars['Int']['output'];
  reviewCount: Scalars['Int']['output'];
  reviews: Array<Review>;
  /** The specification the template was published from, when it belongs to the caller's tenant. */
  specification: Maybe<Specification>;
  /**
   * The latest snapshot's YAWL XML: for the publishing tenant, tenants that bought it (and were not
   * refunded), and everyone when it is free. Others get FORBIDDEN.
   */
  specificationXml: Maybe<Scalars['String']['output']>;
  status: TemplateStatus;
  tags: Array<Scalars['String']['output']>;
  updatedAt: Scalars['DateTime']['output'];
  /** The latest snapshot's number; buyers download and install this one. */
  version: Scalars['Int']['output'];
  /** Whether the caller's tenant may download and install it. */
  viewerHasAccess: Scalars['Boolean']['output'];
  visibility: TemplateVisibility;
};


/** A workflow template offered in the marketplace. */
export type TemplateReviewsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type TemplateConnection = {
  __typename?: 'TemplateConnection';
  edges: Array<TemplateEdge>;
  pageInfo: TemplatePageInfo;
};

export type TemplateEdge = {
  __typename?: 'TemplateEdge';
  cursor: Scalars['String']['output'];
  node: Template;
};

export type TemplateFilter = {
  category?: InputMaybe<Scalars['String']['input']>;
  creatorId?: InputMaybe<Scalars['ID']['input']>;
  freeOnly?: InputMaybe<Scalars['Boolean']['input']>;
  maxPriceCents?: InputMaybe<Scalars['Int']['input']>;
  minPriceCents?: InputMaybe<Scalars['Int']['input']>;
  /** Case-insensitive text in the name or the description (at most 100 characters). */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Templates carrying all of these tags. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type TemplateInstallation = {
  __typename?: 'TemplateInstallation';
  createdAt: Scalars['DateTime']['output'];
  error: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** The specification created in the caller's tenant, once workflows has made it. */
  specification: Maybe<Specification>;
  status: InstallationStatus;
  template: Maybe<Template>;
  version: Scalars['Int']['output'];
};

export type TemplatePageInfo = {
  __typename?: 'TemplatePageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type TemplateSort =
  | 'BEST_RATED'
  | 'MOST_DOWNLOADED'
  | 'NEWEST'
  | 'PRICE_ASC'
  | 'PRICE_DESC';

export type TemplateStatus =
  /** Listed and for sale. */
  | 'PUBLISHED'
  /** Withdrawn: no longer listed or sold; tenants that bought it keep access. */
  | 'UNPUBLISHED';

export type TemplateVisibility =
  /** Listed only for the publishing tenant. */
  | 'PRIVATE'
  /** Listed for every tenant. */
  | 'PUBLIC';

export type UpdateTemplateInput = {
  category?: InputMaybe<Scalars['String']['input']>;
  currency?: InputMaybe<Scalars['String']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  priceCents?: InputMaybe<Scalars['Int']['input']>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  visibility?: InputMaybe<TemplateVisibility>;
};

export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
  /** Templates this user published. */
  templates: Array<Template>;
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
  Template: Template;
  User: User;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Specification:
    ( { __typename: 'Specification' }
    & GraphQLRecursivePick<FederationTypes['Specification'], {"id":true}> );
  Template:
    ( { __typename: 'Template' }
    & GraphQLRecursivePick<FederationTypes['Template'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  InstallationStatus: InstallationStatus;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  PayoutAccountLink: ResolverTypeWrapper<PayoutAccountLink>;
  PayoutStatus: PayoutStatus;
  PayoutSummary: ResolverTypeWrapper<PayoutSummary>;
  PublicProfile: ResolverTypeWrapper<PublicProfile>;
  PublishTemplateInput: PublishTemplateInput;
  PublishTemplateVersionInput: PublishTemplateVersionInput;
  Purchase: ResolverTypeWrapper<PurchaseRow>;
  PurchaseStatus: PurchaseStatus;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Review: ResolverTypeWrapper<ReviewRow>;
  Sale: ResolverTypeWrapper<SaleRecord>;
  Specification: ResolverTypeWrapper<SpecificationReference>;
  Template: ResolverTypeWrapper<TemplateRecord>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  TemplateConnection: ResolverTypeWrapper<Omit<TemplateConnection, 'edges'> & { edges: Array<ResolversTypes['TemplateEdge']> }>;
  TemplateEdge: ResolverTypeWrapper<Omit<TemplateEdge, 'node'> & { node: ResolversTypes['Template'] }>;
  TemplateFilter: TemplateFilter;
  TemplateInstallation: ResolverTypeWrapper<InstallationRow>;
  TemplatePageInfo: ResolverTypeWrapper<TemplatePageInfo>;
  TemplateSort: TemplateSort;
  TemplateStatus: TemplateStatus;
  TemplateVisibility: TemplateVisibility;
  UpdateTemplateInput: UpdateTemplateInput;
  User: ResolverTypeWrapper<UserReference>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  DateTime: Scalars['DateTime']['output'];
  Mutation: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  Int: Scalars['Int']['output'];
  PayoutAccountLink: PayoutAccountLink;
  PayoutSummary: PayoutSummary;
  PublicProfile: PublicProfile;
  PublishTemplateInput: PublishTemplateInput;
  PublishTemplateVersionInput: PublishTemplateVersionInput;
  Purchase: PurchaseRow;
  Query: Record<PropertyKey, never>;
  Review: ReviewRow;
  Sale: SaleRecord;
  Specification: SpecificationReference;
  Template: TemplateRecord;
  Float: Scalars['Float']['output'];
  Boolean: Scalars['Boolean']['output'];
  TemplateConnection: Omit<TemplateConnection, 'edges'> & { edges: Array<ResolversParentTypes['TemplateEdge']> };
  TemplateEdge: Omit<TemplateEdge, 'node'> & { node: ResolversParentTypes['Template'] };
  TemplateFilter: TemplateFilter;
  TemplateInstallation: InstallationRow;
  TemplatePageInfo: TemplatePageInfo;
  UpdateTemplateInput: UpdateTemplateInput;
  User: UserReference;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  connectPayoutAccount?: Resolver<ResolversTypes['PayoutAccountLink'], ParentType, ContextType>;
  installTemplate?: Resolver<ResolversTypes['TemplateInstallation'], ParentType, ContextType, RequireFields<MutationInstallTemplateArgs, 'templateId'>>;
  publishTemplate?: Resolver<ResolversTypes['Template'], ParentType, ContextType, RequireFields<MutationPublishTemplateArgs, 'input'>>;
  publishTemplateVersion?: Resolver<ResolversTypes['Template'], ParentType, ContextType, RequireFields<MutationPublishTemplateVersionArgs, 'id' | 'input'>>;
  purchaseTemplate?: Resolver<ResolversTypes['Purchase'], ParentType, ContextType, RequireFields<MutationPurchaseTemplateArgs, 'templateId'>>;
  reviewTemplate?: Resolver<ResolversTypes['Review'], ParentType, ContextType, RequireFields<MutationReviewTemplateArgs, 'rating' | 'templateId'>>;
  unpublishTemplate?: Resolver<ResolversTypes['Template'], ParentType, ContextType, RequireFields<MutationUnpublishTemplateArgs, 'id'>>;
  updateTemplate?: Resolver<ResolversTypes['Template'], ParentType, ContextType, RequireFields<MutationUpdateTemplateArgs, 'id' | 'input'>>;
};

export type PayoutAccountLinkResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PayoutAccountLink'] = ResolversParentTypes['PayoutAccountLink']> = {
  accountId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  onboardingUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PayoutSummaryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PayoutSummary'] = ResolversParentTypes['PayoutSummary']> = {
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  grossCents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  netCents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  platformFeeCents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  refundedCents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sales?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PublicProfileResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PublicProfile'] = ResolversParentTypes['PublicProfile']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type PurchaseResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Purchase'] = ResolversParentTypes['Purchase']> = {
  amountCents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  checkoutUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  paidAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  refundedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PurchaseStatus'], ParentType, ContextType>;
  template?: Resolver<Maybe<ResolversTypes['Template']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  myInstallations?: Resolver<Array<ResolversTypes['TemplateInstallation']>, ParentType, ContextType>;
  myPurchases?: Resolver<Array<ResolversTypes['Purchase']>, ParentType, ContextType>;
  mySales?: Resolver<Array<ResolversTypes['Sale']>, ParentType, ContextType, RequireFields<QueryMySalesArgs, 'first'>>;
  payoutSummary?: Resolver<Array<ResolversTypes['PayoutSummary']>, ParentType, ContextType>;
  template?: Resolver<Maybe<ResolversTypes['Template']>, ParentType, ContextType, RequireFields<QueryTemplateArgs, 'id'>>;
  templateCategories?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  templates?: Resolver<ResolversTypes['TemplateConnection'], ParentType, ContextType, RequireFields<QueryTemplatesArgs, 'first' | 'sort'>>;
};

export type ReviewResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Review'] = ResolversParentTypes['Review']> = {
  author?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  comment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  rating?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type SaleResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Sale'] = ResolversParentTypes['Sale']> = {
  amountCents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  creatorAmountCents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  paidAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  payoutStatus?: Resolver<Maybe<ResolversTypes['PayoutStatus']>, ParentType, ContextType>;
  platformFeeCents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PurchaseStatus'], ParentType, ContextType>;
  template?: Resolver<Maybe<ResolversTypes['Template']>, ParentType, ContextType>;
};

export type SpecificationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Specification'] = ResolversParentTypes['Specification'], FederationReferenceType extends FederationReferenceTypes['Specification'] = FederationReferenceTypes['Specification']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Specification']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  templates?: Resolver<Array<ResolversTypes['Template']>, ParentType, ContextType>;
};

export type TemplateResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Template'] = ResolversParentTypes['Template'], FederationReferenceType extends FederationReferenceTypes['Template'] = FederationReferenceTypes['Template']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Template']> | FederationReferenceType, FederationReferenceType, ContextType>;
  averageRating?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  category?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  creator?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  creatorProfile?: Resolver<ResolversTypes['PublicProfile'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  downloads?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  priceCents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reviewCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reviews?: Resolver<Array<ResolversTypes['Review']>, ParentType, ContextType, RequireFields<TemplateReviewsArgs, 'first'>>;
  specification?: Resolver<Maybe<ResolversTypes['Specification']>, ParentType, ContextType>;
  specificationXml?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TemplateStatus'], ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  viewerHasAccess?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  visibility?: Resolver<ResolversTypes['TemplateVisibility'], ParentType, ContextType>;
};

export type TemplateConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TemplateConnection'] = ResolversParentTypes['TemplateConnection']> = {
  edges?: Resolver<Array<ResolversTypes['TemplateEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['TemplatePageInfo'], ParentType, ContextType>;
};

export type TemplateEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TemplateEdge'] = ResolversParentTypes['TemplateEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Template'], ParentType, ContextType>;
};

export type TemplateInstallationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TemplateInstallation'] = ResolversParentTypes['TemplateInstallation']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  specification?: Resolver<Maybe<ResolversTypes['Specification']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['InstallationStatus'], ParentType, ContextType>;
  template?: Resolver<Maybe<ResolversTypes['Template']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TemplatePageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TemplatePageInfo'] = ResolversParentTypes['TemplatePageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  templates?: Resolver<Array<ResolversTypes['Template']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  DateTime?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  PayoutAccountLink?: PayoutAccountLinkResolvers<ContextType>;
  PayoutSummary?: PayoutSummaryResolvers<ContextType>;
  PublicProfile?: PublicProfileResolvers<ContextType>;
  Purchase?: PurchaseResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Review?: ReviewResolvers<ContextType>;
  Sale?: SaleResolvers<ContextType>;
  Specification?: SpecificationResolvers<ContextType>;
  Template?: TemplateResolvers<ContextType>;
  TemplateConnection?: TemplateConnectionResolvers<ContextType>;
  TemplateEdge?: TemplateEdgeResolvers<ContextType>;
  TemplateInstallation?: TemplateInstallationResolvers<ContextType>;
  TemplatePageInfo?: TemplatePageInfoResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
};

