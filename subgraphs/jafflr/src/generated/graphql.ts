import type { GraphQLResolveInfo } from 'graphql';
import type { ToastieOutcome } from '../toasties/ToastieRepository.js';
import type { JafflrContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
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
  _FieldSet: { input: any; output: any; }
};

/**
 * An ingredient, owned by chillybin. jafflr only knows its name; the gateway
 * fetches every other field from chillybin.
 */
export type Ingredient = {
  __typename?: 'Ingredient';
  name: Scalars['String']['output'];
};

/** How long a toastie is cooked. */
export type Doneness =
  /** 1 second (times the cook-time scale). The default. */
  | 'LIGHT'
  /** 2 seconds. */
  | 'MEDIUM'
  /** 5 seconds. */
  | 'WELL_DONE'
  /** 10 seconds. */
  | 'BURNT';

/** What the machine is doing right now. */
export type MachineStatus =
  /** Something is cooking. */
  | 'TOASTING'
  /** Nothing is cooking. */
  | 'AVAILABLE';

/** A toastie made by the machine. */
export type Toastie = {
  __typename?: 'Toastie';
  id: Scalars['ID']['output'];
  /** Everything that went in, two slices of bread included, in the order picked. */
  ingredients: Array<Ingredient>;
  doneness: Doneness;
  /** Who it was made for, when the order said. */
  customer: Maybe<Scalars['String']['output']>;
  /** When it was made, as an ISO 8601 date-time. */
  createdAt: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  status: MachineStatus;
  /** A toastie by id, or null when there is none with that id. */
  toastie: Maybe<Toastie>;
  /** The most recent toasties, newest first. */
  toasties: Array<Toastie>;
};


export type QueryToastieArgs = {
  id: Scalars['ID']['input'];
};


export type QueryToastiesArgs = {
  last?: InputMaybe<Scalars['Int']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
};

export type MakeToastieInput = {
  /** The fillings, by ingredient name. Must include cheese. Two slices of bread are added. */
  fillings?: InputMaybe<Array<Scalars['String']['input']>>;
  /**
   * The fillings under their old name; give this or fillings, not both.
   * @deprecated Use fillings: the toastie's ingredients also include the two slices of bread added to them.
   */
  ingredients?: InputMaybe<Array<Scalars['String']['input']>>;
  doneness?: InputMaybe<Doneness>;
  /** Who the toastie is for, such as `alice`: 1 to 64 letters, digits, ., _, @ or -. */
  customer?: InputMaybe<Scalars['String']['input']>;
  /**
   * Makes the order safe to retry: calls with the same key make one toastie,
   * take stock once and all return it. 8 to 64 letters, digits, _ or -, such as
   * a UUID. A key whose toastie failed may be retried, which tries again.
   */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Picks the ingredients from chillybin and cooks a toastie. If any ingredient
   * cannot be picked, whatever was already picked is put back and the error
   * names the ingredient (OUT_OF_STOCK, NOT_FOUND, or CHILLYBIN_UNAVAILABLE).
   * CONFLICT when the idempotency key was used for another order, or its first
   * use is still under way after waiting for it.
   */
  makeToastie: Toastie;
};


export type MutationMakeToastieArgs = {
  input: MakeToastieInput;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


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





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Ingredient: ResolverTypeWrapper<Ingredient>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Doneness: Doneness;
  MachineStatus: MachineStatus;
  Toastie: ResolverTypeWrapper<ToastieOutcome>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  MakeToastieInput: MakeToastieInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Ingredient: Ingredient;
  String: Scalars['String']['output'];
  Toastie: ToastieOutcome;
  ID: Scalars['ID']['output'];
  Query: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  MakeToastieInput: MakeToastieInput;
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
};

export type IngredientResolvers<ContextType = JafflrContext, ParentType extends ResolversParentTypes['Ingredient'] = ResolversParentTypes['Ingredient']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ToastieResolvers<ContextType = JafflrContext, ParentType extends ResolversParentTypes['Toastie'] = ResolversParentTypes['Toastie']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ingredients?: Resolver<Array<ResolversTypes['Ingredient']>, ParentType, ContextType>;
  doneness?: Resolver<ResolversTypes['Doneness'], ParentType, ContextType>;
  customer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = JafflrContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  status?: Resolver<ResolversTypes['MachineStatus'], ParentType, ContextType>;
  toastie?: Resolver<Maybe<ResolversTypes['Toastie']>, ParentType, ContextType, RequireFields<QueryToastieArgs, 'id'>>;
  toasties?: Resolver<Array<ResolversTypes['Toastie']>, ParentType, ContextType, RequireFields<QueryToastiesArgs, 'last'>>;
};

export type MutationResolvers<ContextType = JafflrContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  makeToastie?: Resolver<ResolversTypes['Toastie'], ParentType, ContextType, RequireFields<MutationMakeToastieArgs, 'input'>>;
};

export type Resolvers<ContextType = JafflrContext> = {
  Ingredient?: IngredientResolvers<ContextType>;
  Toastie?: ToastieResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
};

