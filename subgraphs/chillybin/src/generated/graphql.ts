import type { GraphQLResolveInfo } from 'graphql';
import type { Ingredient as IngredientRecord } from '../stock/StockRepository.js';
import type { ListedOrder, OrderItem as OrderItemRecord } from '../orders/OrderRepository.js';
import type { ChillybinContext } from '../context.js';
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
 * An ingredient kept in the chilly bin. Other subgraphs refer to it by name and
 * the gateway fetches the rest from here.
 */
export type Ingredient = {
  __typename?: 'Ingredient';
  /** Unique name, such as `cheese`. */
  name: Scalars['String']['output'];
  /** How many are left in the chilly bin. Never negative. */
  quantity: Scalars['Int']['output'];
  description: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Everything in the chilly bin, by name. */
  stock: Array<Ingredient>;
  /** One ingredient, or null when the chilly bin has never held it. */
  ingredient: Maybe<Ingredient>;
  /** Recorded orders, newest first, optionally of one customer only. */
  orders: Array<Order>;
};


export type QueryIngredientArgs = {
  name: Scalars['String']['input'];
};


export type QueryOrdersArgs = {
  customer?: InputMaybe<Scalars['String']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
};

/** Where an order stands. */
export type OrderStatus =
  /** Its items are being taken right now. */
  | 'PICKING'
  /** Every item was taken. */
  | 'PICKED'
  /** An item could not be had, so nothing was taken. A new pick with the same id tries again. */
  | 'FAILED'
  /**
   * Cancelled: what it took went back exactly once. Also a tombstone for an id
   * cancelled before it was ever picked, which refuses any later pick with that id.
   */
  | 'CANCELLED';

/** One line of an order. */
export type OrderItem = {
  __typename?: 'OrderItem';
  /** The ingredient's name. */
  name: Scalars['String']['output'];
  quantity: Scalars['Int']['output'];
  /** The ingredient itself, with its current stock. */
  ingredient: Maybe<Ingredient>;
};

/** A pick of several ingredients together, recorded so it can be looked up and cancelled. */
export type Order = {
  __typename?: 'Order';
  /** The client's orderId, or one chosen by chillybin. */
  id: Scalars['ID']['output'];
  customer: Maybe<Scalars['String']['output']>;
  items: Array<OrderItem>;
  /** When it was first recorded, as an ISO 8601 date-time. */
  createdAt: Scalars['String']['output'];
  status: OrderStatus;
};

/** An ingredient and how many of it to take. */
export type OrderItemInput = {
  name: Scalars['String']['input'];
  quantity: Scalars['Int']['input'];
};

export type PickIngredientsInput = {
  /** What to take. The same name twice counts as one line with the quantities added. */
  items: Array<OrderItemInput>;
  /** Who the order is for, such as `alice`: letters, digits and . _ @ - only. */
  customer?: InputMaybe<Scalars['String']['input']>;
  /**
   * A client-chosen id (1 to 64 letters, digits, _ or -) that makes the pick
   * idempotent: a second pick with the same id returns the recorded order and
   * takes nothing. chillybin chooses one when omitted.
   */
  orderId?: InputMaybe<Scalars['ID']['input']>;
};

/** A level to set an ingredient's stock to. */
export type StockLevelInput = {
  /** An ingredient already in the chilly bin: restock never adds one (see addIngredient). */
  name: Scalars['String']['input'];
  quantity: Scalars['Int']['input'];
  /** Kept as it is when omitted. */
  description?: InputMaybe<Scalars['String']['input']>;
};

/** An ingredient new to the chilly bin. */
export type AddIngredientInput = {
  /** 1 to 40 lower-case letters, digits, hyphens or single spaces, starting with a letter, such as `tomato`. */
  name: Scalars['String']['input'];
  /** How many there are to start with. Defaults to 0. */
  quantity: Scalars['Int']['input'];
  /** One line shown to people, such as `A slice of ripe tomato`. Defaults to the name. */
  description?: InputMaybe<Scalars['String']['input']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Takes `quantity` of an ingredient out of the chilly bin, atomically: either
   * all of it or, with OUT_OF_STOCK, none. NOT_FOUND for an unknown ingredient.
   * @deprecated Use pickIngredients, which takes several ingredients all or none, records an order and can be undone with cancelOrder.
   */
  pick: Ingredient;
  /**
   * Takes every item or none: if one cannot be had, the ones already taken go
   * back before the error (OUT_OF_STOCK, NOT_FOUND or BAD_USER_INPUT, naming the
   * ingredient) is returned. Records the order. ORDER_CANCELLED when `orderId`
   * was cancelled before, CONFLICT when it was used for other items,
   * DEADLINE_EXCEEDED when the caller's deadline (`x-request-timeout-ms`) passes
   * first, in which case nothing is taken.
   */
  pickIngredients: Order;
  /**
   * Puts an order's items back, exactly once however often it is called. An id
   * never seen is recorded as cancelled, so a late pick with it is refused.
   */
  cancelOrder: Maybe<Order>;
  /**
   * Puts back what an earlier pick took, such as when a toastie could not be
   * made. Adds to the current level rather than setting it. Internal: jafflr
   * calls it directly; the gateway does not offer it, so no client can add stock
   * this way.
   */
  putBack: Ingredient;
  /**
   * Sets stock to known levels: the given ones, or the default stock (cheese,
   * bread and vegemite at 10 each) when `levels` is omitted. Returns the whole stock.
   * Every name must be an ingredient the chilly bin already has: an unknown one
   * fails the whole call with NOT_FOUND, naming it and the nearest known name,
   * and sets nothing, so a typo never creates stock (addIngredient adds one).
   * Admin only: needs `authorization: Bearer <ADMIN_TOKEN>` (UNAUTHENTICATED
   * without it, FORBIDDEN with a wrong one).
   */
  restock: Array<Ingredient>;
  /**
   * Adds an ingredient the chilly bin has never had, and returns it. CONFLICT
   * when it already has one of that name (restock sets its level). Admin only,
   * as restock.
   */
  addIngredient: Ingredient;
};


export type MutationPickArgs = {
  name: Scalars['String']['input'];
  quantity: Scalars['Int']['input'];
  key?: InputMaybe<Scalars['ID']['input']>;
};


export type MutationPickIngredientsArgs = {
  input: PickIngredientsInput;
};


export type MutationCancelOrderArgs = {
  id: Scalars['ID']['input'];
};


export type MutationPutBackArgs = {
  name: Scalars['String']['input'];
  quantity: Scalars['Int']['input'];
  key?: InputMaybe<Scalars['ID']['input']>;
};


export type MutationRestockArgs = {
  levels?: InputMaybe<Array<StockLevelInput>>;
};


export type MutationAddIngredientArgs = {
  input: AddIngredientInput;
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
  Ingredient: Ingredient;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Ingredient:
    ( { __typename: 'Ingredient' }
    & GraphQLRecursivePick<FederationTypes['Ingredient'], {"name":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Ingredient: ResolverTypeWrapper<IngredientRecord>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  OrderStatus: OrderStatus;
  OrderItem: ResolverTypeWrapper<OrderItemRecord>;
  Order: ResolverTypeWrapper<ListedOrder>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  OrderItemInput: OrderItemInput;
  PickIngredientsInput: PickIngredientsInput;
  StockLevelInput: StockLevelInput;
  AddIngredientInput: AddIngredientInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Ingredient: IngredientRecord;
  String: Scalars['String']['output'];
  Int: Scalars['Int']['output'];
  Query: Record<PropertyKey, never>;
  OrderItem: OrderItemRecord;
  Order: ListedOrder;
  ID: Scalars['ID']['output'];
  OrderItemInput: OrderItemInput;
  PickIngredientsInput: PickIngredientsInput;
  StockLevelInput: StockLevelInput;
  AddIngredientInput: AddIngredientInput;
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
};

export type IngredientResolvers<ContextType = ChillybinContext, ParentType extends ResolversParentTypes['Ingredient'] = ResolversParentTypes['Ingredient'], FederationReferenceType extends FederationReferenceTypes['Ingredient'] = FederationReferenceTypes['Ingredient']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Ingredient']> | FederationReferenceType, FederationReferenceType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = ChillybinContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  stock?: Resolver<Array<ResolversTypes['Ingredient']>, ParentType, ContextType>;
  ingredient?: Resolver<Maybe<ResolversTypes['Ingredient']>, ParentType, ContextType, RequireFields<QueryIngredientArgs, 'name'>>;
  orders?: Resolver<Array<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<QueryOrdersArgs, 'limit'>>;
};

export type OrderItemResolvers<ContextType = ChillybinContext, ParentType extends ResolversParentTypes['OrderItem'] = ResolversParentTypes['OrderItem']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ingredient?: Resolver<Maybe<ResolversTypes['Ingredient']>, ParentType, ContextType>;
};

export type OrderResolvers<ContextType = ChillybinContext, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  customer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['OrderItem']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = ChillybinContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  pick?: Resolver<ResolversTypes['Ingredient'], ParentType, ContextType, RequireFields<MutationPickArgs, 'name' | 'quantity'>>;
  pickIngredients?: Resolver<ResolversTypes['Order'], ParentType, ContextType, RequireFields<MutationPickIngredientsArgs, 'input'>>;
  cancelOrder?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<MutationCancelOrderArgs, 'id'>>;
  putBack?: Resolver<ResolversTypes['Ingredient'], ParentType, ContextType, RequireFields<MutationPutBackArgs, 'name' | 'quantity'>>;
  restock?: Resolver<Array<ResolversTypes['Ingredient']>, ParentType, ContextType, Partial<MutationRestockArgs>>;
  addIngredient?: Resolver<ResolversTypes['Ingredient'], ParentType, ContextType, RequireFields<MutationAddIngredientArgs, 'input'>>;
};

export type Resolvers<ContextType = ChillybinContext> = {
  Ingredient?: IngredientResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  OrderItem?: OrderItemResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
};

