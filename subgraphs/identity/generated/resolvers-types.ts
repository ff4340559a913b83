import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { UserRow, TenantRow, ApiKeyRow, PersistedQueryClientRow, UnlistedOperationRow } from '../data/schema.js';
import type { AuthPayloadModel } from '../domain/auth-payload.js';
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

/**
 * A partner's credential. Partners send it as `x-api-key`; the gateway exchanges it for a
 * five-minute access token carrying the key's tenant, role and scopes.
 */
export type ApiKey = {
  __typename?: 'ApiKey';
  /** The partner client the key is bound to: the gateway runs only that client's persisted operations for it. */
  clientName: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  createdBy: Maybe<User>;
  id: Scalars['ID']['output'];
  lastUsedAt: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  /** The first characters of the key, to tell keys apart; the secret is shown only once, at creation. */
  prefix: Scalars['String']['output'];
  revokedAt: Maybe<Scalars['DateTime']['output']>;
  role: Role;
  scopes: Array<Scalars['String']['output']>;
};

export type AuthPayload = {
  __typename?: 'AuthPayload';
  /** An RS256 JWT to send as `Authorization: Bearer <token>`. */
  accessToken: Scalars['String']['output'];
  expiresAt: Scalars['DateTime']['output'];
  refreshExpiresAt: Scalars['DateTime']['output'];
  /** An opaque token for `refreshSession`, valid for 7 days and usable once: each refresh returns a new one. */
  refreshToken: Scalars['String']['output'];
  tokenType: Scalars['String']['output'];
  user: User;
};

export type CreateApiKeyInput = {
  /**
   * Binds the key to a partner client (lowercase letters, digits, ".", "_", "-"): its requests may run
   * only the operations of that client's active persisted-operation list, enforced unless an admin sets
   * the client's policy to LOG or OFF. Required: a key bound to no client would run anything.
   */
  clientName: Scalars['String']['input'];
  name: Scalars['String']['input'];
  /** USER or VIEWER: partners never get admin rights. */
  role: Role;
  scopes?: Array<Scalars['String']['input']>;
};

export type CreateUserInput = {
  email: Scalars['String']['input'];
  name: Scalars['String']['input'];
  password: Scalars['String']['input'];
  role: Role;
};

export type CreatedApiKey = {
  __typename?: 'CreatedApiKey';
  apiKey: ApiKey;
  /** The key itself. It is not stored and cannot be shown again. */
  secret: Scalars['String']['output'];
};

export type LoginInput = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
  /** The current 6-digit code of the authenticator app; required once MFA is enabled. */
  totpCode?: InputMaybe<Scalars['String']['input']>;
};

/** A TOTP enrolment. The secret is shown only here; MFA is active once `verifyMfa` accepts a code. */
export type MfaEnrollment = {
  __typename?: 'MfaEnrollment';
  /** otpauth:// URI, for a QR code. */
  otpauthUri: Scalars['String']['output'];
  /** Base32, for typing into an authenticator app. */
  secret: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Activates a published version of a client's list (admins only). */
  activatePersistedQueryManifest: PersistedQueryClient;
  /**
   * Changes the caller's password and signs out every other session of the caller: their refresh
   * tokens are revoked and their access tokens refused from then on. The session of the token that
   * made the call stays signed in, with the tokens it has (a token without a session id keeps none).
   */
  changePassword: Scalars['Boolean']['output'];
  /** Changes the role of a user of the caller's tenant (admins only); the last admin cannot be demoted. */
  changeUserRole: User;
  /** Creates a partner API key (admins only). The secret is in the result and nowhere else. */
  createApiKey: CreatedApiKey;
  /** Adds a user to the caller's tenant (admins only). */
  createUser: User;
  /** Turns MFA off; requires a current code. */
  disableMfa: Scalars['Boolean']['output'];
  /** Starts (or restarts) TOTP enrolment for the caller; CONFLICT when MFA is already active. */
  enableMfa: MfaEnrollment;
  login: AuthPayload;
  /** Revokes the caller's access token and, when given, the sign-in the refresh token belongs to. */
  logout: Scalars['Boolean']['output'];
  /**
   * Publishes the next version of a client's persisted-operation list (admins only) and, unless told
   * not to, activates it: every gateway serves it within seconds.
   */
  publishPersistedQueryManifest: PersistedQueryClient;
  /**
   * Exchanges a refresh token for a new access token and a new refresh token. Presenting a refresh
   * token that was already exchanged revokes every token of that sign-in.
   */
  refreshSession: AuthPayload;
  /** Revokes a key at once: tokens already exchanged for it stop working too. */
  revokeApiKey: ApiKey;
  /** Activates the version published before the active one (admins only); NOT_FOUND when there is none. */
  rollbackPersistedQueryManifest: PersistedQueryClient;
  /** Sets what the gateway does with a client's unlisted operations (admins only). */
  setPersistedQueryPolicy: PersistedQueryClient;
  /** Creates a tenant and its first admin, and signs that admin in. */
  signUp: AuthPayload;
  /** Activates the pending enrolment with a current code. */
  verifyMfa: Scalars['Boolean']['output'];
};


export type MutationActivatePersistedQueryManifestArgs = {
  clientName: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type MutationChangePasswordArgs = {
  currentPassword: Scalars['String']['input'];
  newPassword: Scalars['String']['input'];
};


export type MutationChangeUserRoleArgs = {
  role: Role;
  userId: Scalars['ID']['input'];
};


export type MutationCreateApiKeyArgs = {
  input: CreateApiKeyInput;
};


export type MutationCreateUserArgs = {
  input: CreateUserInput;
};


export type MutationDisableMfaArgs = {
  code: Scalars['String']['input'];
};


export type MutationLoginArgs = {
  input: LoginInput;
};


export type MutationLogoutArgs = {
  refreshToken?: InputMaybe<Scalars['String']['input']>;
};


export type MutationPublishPersistedQueryManifestArgs = {
  activate?: Scalars['Boolean']['input'];
  clientName: Scalars['String']['input'];
  manifest: PersistedQueryManifestInput;
};


export type MutationRefreshSessionArgs = {
  refreshToken: Scalars['String']['input'];
};


export type MutationRevokeApiKeyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRollbackPersistedQueryManifestArgs = {
  clientName: Scalars['String']['input'];
};


export type MutationSetPersistedQueryPolicyArgs = {
  clientName: Scalars['String']['input'];
  policy: PersistedQueryPolicy;
};


export type MutationSignUpArgs = {
  input: SignUpInput;
};


export type MutationVerifyMfaArgs = {
  code: Scalars['String']['input'];
};

/** A partner client of the tenant and its persisted operations (trusted documents). */
export type PersistedQueryClient = {
  __typename?: 'PersistedQueryClient';
  /** The list the gateway serves; null before any is published (then nothing is listed). */
  activeVersion: Maybe<Scalars['Int']['output']>;
  name: Scalars['String']['output'];
  policy: PersistedQueryPolicy;
  /** Operations the client ran under LOG that its list lacks, most recently seen first. */
  unlistedOperations: Array<UnlistedOperation>;
  updatedAt: Scalars['DateTime']['output'];
  /** Every published version, newest first. */
  versions: Array<PersistedQueryManifestVersion>;
};

/** Apollo's persisted query manifest, as @apollo/generate-persisted-query-manifest writes it. */
export type PersistedQueryManifestInput = {
  format: Scalars['String']['input'];
  operations: Array<PersistedQueryManifestOperationInput>;
  version: Scalars['Int']['input'];
};

/** One operation of Apollo's persisted query manifest. */
export type PersistedQueryManifestOperationInput = {
  body: Scalars['String']['input'];
  /** The sha256 (hex) of body. */
  id: Scalars['String']['input'];
  name: Scalars['String']['input'];
  type: Scalars['String']['input'];
};

export type PersistedQueryManifestVersion = {
  __typename?: 'PersistedQueryManifestVersion';
  createdAt: Scalars['DateTime']['output'];
  operationCount: Scalars['Int']['output'];
  version: Scalars['Int']['output'];
};

/** What the gateway does with an operation that is not in a client's active list. */
export type PersistedQueryPolicy =
  /** Refuse it (OPERATION_NOT_ALLOWED; an unknown hash is PERSISTED_QUERY_NOT_FOUND). */
  | 'ENFORCE'
  /** Run it, and record it under unlistedOperations: to build the list before enforcing. */
  | 'LOG'
  /** Run anything. */
  | 'OFF';

/**
 * What any signed-in user of any tenant may see of a person who published something to them (e.g. a
 * marketplace template's creator): the display name, nothing else. Other subgraphs reference it by the
 * user's id; a \`User\` stays visible to its own tenant only.
 */
export type PublicProfile = {
  __typename?: 'PublicProfile';
  displayName: Scalars['String']['output'];
  id: Scalars['ID']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** The tenant's partner API keys, newest first (admins only). */
  apiKeys: Array<ApiKey>;
  /** The signed-in user. */
  me: Maybe<User>;
  /** The tenant's partner clients and their persisted-operation lists (admins only). */
  persistedQueryClients: Array<PersistedQueryClient>;
  /** The caller's tenant. */
  tenant: Maybe<Tenant>;
  /** A user of the caller's tenant; users of other tenants read as not found. */
  user: Maybe<User>;
  users: Array<User>;
};


export type QueryUserArgs = {
  id: Scalars['ID']['input'];
};

export type Role =
  | 'ADMIN'
  | 'USER'
  | 'VIEWER';

export type SignUpInput = {
  email: Scalars['String']['input'];
  name: Scalars['String']['input'];
  /** At least 10 characters. */
  password: Scalars['String']['input'];
  tenantName: Scalars['String']['input'];
  /** 3-40 lowercase letters, digits or dashes; unique across the platform. */
  tenantSlug: Scalars['String']['input'];
};

/** An organisation using the platform. Every row in every subgraph belongs to exactly one tenant. */
export type Tenant = {
  __typename?: 'Tenant';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  slug: Scalars['String']['output'];
  users: Array<User>;
};

export type UnlistedOperation = {
  __typename?: 'UnlistedOperation';
  body: Scalars['String']['output'];
  count: Scalars['Int']['output'];
  firstSeenAt: Scalars['DateTime']['output'];
  /** The sha256 (hex) of the body: its id once published. */
  hash: Scalars['String']['output'];
  lastSeenAt: Scalars['DateTime']['output'];
  operationName: Maybe<Scalars['String']['output']>;
};

export type User = {
  __typename?: 'User';
  createdAt: Scalars['DateTime']['output'];
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  role: Role;
  tenant: Tenant;
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
  PublicProfile: PublicProfile;
  Tenant: Tenant;
  User: User;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  PublicProfile:
    ( { __typename: 'PublicProfile' }
    & GraphQLRecursivePick<FederationTypes['PublicProfile'], {"id":true}> );
  Tenant:
    ( { __typename: 'Tenant' }
    & GraphQLRecursivePick<FederationTypes['Tenant'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  ApiKey: ResolverTypeWrapper<ApiKeyRow>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  AuthPayload: ResolverTypeWrapper<AuthPayloadModel>;
  CreateApiKeyInput: CreateApiKeyInput;
  CreateUserInput: CreateUserInput;
  CreatedApiKey: ResolverTypeWrapper<Omit<CreatedApiKey, 'apiKey'> & { apiKey: ResolversTypes['ApiKey'] }>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  LoginInput: LoginInput;
  MfaEnrollment: ResolverTypeWrapper<MfaEnrollment>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PersistedQueryClient: ResolverTypeWrapper<PersistedQueryClientRow>;
  PersistedQueryManifestInput: PersistedQueryManifestInput;
  PersistedQueryManifestOperationInput: PersistedQueryManifestOperationInput;
  PersistedQueryManifestVersion: ResolverTypeWrapper<PersistedQueryManifestVersion>;
  PersistedQueryPolicy: PersistedQueryPolicy;
  PublicProfile: ResolverTypeWrapper<PublicProfile>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Role: Role;
  SignUpInput: SignUpInput;
  Tenant: ResolverTypeWrapper<TenantRow>;
  UnlistedOperation: ResolverTypeWrapper<UnlistedOperationRow>;
  User: ResolverTypeWrapper<UserRow>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  ApiKey: ApiKeyRow;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  AuthPayload: AuthPayloadModel;
  CreateApiKeyInput: CreateApiKeyInput;
  CreateUserInput: CreateUserInput;
  CreatedApiKey: Omit<CreatedApiKey, 'apiKey'> & { apiKey: ResolversParentTypes['ApiKey'] };
  DateTime: Scalars['DateTime']['output'];
  LoginInput: LoginInput;
  MfaEnrollment: MfaEnrollment;
  Mutation: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  Boolean: Scalars['Boolean']['output'];
  PersistedQueryClient: PersistedQueryClientRow;
  PersistedQueryManifestInput: PersistedQueryManifestInput;
  PersistedQueryManifestOperationInput: PersistedQueryManifestOperationInput;
  PersistedQueryManifestVersion: PersistedQueryManifestVersion;
  PublicProfile: PublicProfile | FederationReferenceTypes['PublicProfile'];
  Query: Record<PropertyKey, never>;
  SignUpInput: SignUpInput;
  Tenant: TenantRow;
  UnlistedOperation: UnlistedOperationRow;
  User: UserRow;
};

export type ApiKeyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ApiKey'] = ResolversParentTypes['ApiKey']> = {
  clientName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type AuthPayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AuthPayload'] = ResolversParentTypes['AuthPayload']> = {
  accessToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  refreshExpiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  refreshToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tokenType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type CreatedApiKeyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CreatedApiKey'] = ResolversParentTypes['CreatedApiKey']> = {
  apiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MfaEnrollmentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MfaEnrollment'] = ResolversParentTypes['MfaEnrollment']> = {
  otpauthUri?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  activatePersistedQueryManifest?: Resolver<ResolversTypes['PersistedQueryClient'], ParentType, ContextType, RequireFields<MutationActivatePersistedQueryManifestArgs, 'clientName' | 'version'>>;
  changePassword?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationChangePasswordArgs, 'currentPassword' | 'newPassword'>>;
  changeUserRole?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationChangeUserRoleArgs, 'role' | 'userId'>>;
  createApiKey?: Resolver<ResolversTypes['CreatedApiKey'], ParentType, ContextType, RequireFields<MutationCreateApiKeyArgs, 'input'>>;
  createUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationCreateUserArgs, 'input'>>;
  disableMfa?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDisableMfaArgs, 'code'>>;
  enableMfa?: Resolver<ResolversTypes['MfaEnrollment'], ParentType, ContextType>;
  login?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationLoginArgs, 'input'>>;
  logout?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, Partial<MutationLogoutArgs>>;
  publishPersistedQueryManifest?: Resolver<ResolversTypes['PersistedQueryClient'], ParentType, ContextType, RequireFields<MutationPublishPersistedQueryManifestArgs, 'activate' | 'clientName' | 'manifest'>>;
  refreshSession?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationRefreshSessionArgs, 'refreshToken'>>;
  revokeApiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'id'>>;
  rollbackPersistedQueryManifest?: Resolver<ResolversTypes['PersistedQueryClient'], ParentType, ContextType, RequireFields<MutationRollbackPersistedQueryManifestArgs, 'clientName'>>;
  setPersistedQueryPolicy?: Resolver<ResolversTypes['PersistedQueryClient'], ParentType, ContextType, RequireFields<MutationSetPersistedQueryPolicyArgs, 'clientName' | 'policy'>>;
  signUp?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationSignUpArgs, 'input'>>;
  verifyMfa?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationVerifyMfaArgs, 'code'>>;
};

export type PersistedQueryClientResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PersistedQueryClient'] = ResolversParentTypes['PersistedQueryClient']> = {
  activeVersion?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  policy?: Resolver<ResolversTypes['PersistedQueryPolicy'], ParentType, ContextType>;
  unlistedOperations?: Resolver<Array<ResolversTypes['UnlistedOperation']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  versions?: Resolver<Array<ResolversTypes['PersistedQueryManifestVersion']>, ParentType, ContextType>;
};

export type PersistedQueryManifestVersionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PersistedQueryManifestVersion'] = ResolversParentTypes['PersistedQueryManifestVersion']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  operationCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PublicProfileResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PublicProfile'] = ResolversParentTypes['PublicProfile'], FederationReferenceType extends FederationReferenceTypes['PublicProfile'] = FederationReferenceTypes['PublicProfile']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['PublicProfile']> | FederationReferenceType, FederationReferenceType, ContextType>;
  displayName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  apiKeys?: Resolver<Array<ResolversTypes['ApiKey']>, ParentType, ContextType>;
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  persistedQueryClients?: Resolver<Array<ResolversTypes['PersistedQueryClient']>, ParentType, ContextType>;
  tenant?: Resolver<Maybe<ResolversTypes['Tenant']>, ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType, RequireFields<QueryUserArgs, 'id'>>;
  users?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
};

export type TenantResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Tenant'] = ResolversParentTypes['Tenant'], FederationReferenceType extends FederationReferenceTypes['Tenant'] = FederationReferenceTypes['Tenant']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Tenant']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  users?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
};

export type UnlistedOperationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['UnlistedOperation'] = ResolversParentTypes['UnlistedOperation']> = {
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  firstSeenAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastSeenAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  operationName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
  tenant?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  ApiKey?: ApiKeyResolvers<ContextType>;
  AuthPayload?: AuthPayloadResolvers<ContextType>;
  CreatedApiKey?: CreatedApiKeyResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  MfaEnrollment?: MfaEnrollmentResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PersistedQueryClient?: PersistedQueryClientResolvers<ContextType>;
  PersistedQueryManifestVersion?: PersistedQueryManifestVersionResolvers<ContextType>;
  PublicProfile?: PublicProfileResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Tenant?: TenantResolvers<ContextType>;
  UnlistedOperation?: UnlistedOperationResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
};

