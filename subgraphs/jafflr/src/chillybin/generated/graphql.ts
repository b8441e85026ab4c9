/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
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

/** An ingredient and how many of it to take. */
export type OrderItemInput = {
  name: Scalars['String']['input'];
  quantity?: Scalars['Int']['input'];
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
  quantity?: Scalars['Int']['input'];
  /** One line shown to people, such as `A slice of ripe tomato`. Defaults to the name. */
  description?: InputMaybe<Scalars['String']['input']>;
};

export type PickMutationVariables = Exact<{
  name: Scalars['String']['input'];
  quantity: Scalars['Int']['input'];
  key?: InputMaybe<Scalars['ID']['input']>;
}>;


export type PickMutation = { __typename?: 'Mutation', pick: { __typename?: 'Ingredient', quantity: number } };

export type PutBackMutationVariables = Exact<{
  name: Scalars['String']['input'];
  quantity: Scalars['Int']['input'];
  key?: InputMaybe<Scalars['ID']['input']>;
}>;


export type PutBackMutation = { __typename?: 'Mutation', putBack: { __typename?: 'Ingredient', quantity: number } };

export type PickIngredientsMutationVariables = Exact<{
  input: PickIngredientsInput;
}>;


export type PickIngredientsMutation = { __typename?: 'Mutation', pickIngredients: { __typename?: 'Order', id: string, status: OrderStatus } };

export type CancelOrderMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CancelOrderMutation = { __typename?: 'Mutation', cancelOrder?: { __typename?: 'Order', id: string, status: OrderStatus } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const PickDocument = new TypedDocumentString(`
    mutation Pick($name: String!, $quantity: Int!, $key: ID) {
  pick(name: $name, quantity: $quantity, key: $key) {
    quantity
  }
}
    `) as unknown as TypedDocumentString<PickMutation, PickMutationVariables>;
export const PutBackDocument = new TypedDocumentString(`
    mutation PutBack($name: String!, $quantity: Int!, $key: ID) {
  putBack(name: $name, quantity: $quantity, key: $key) {
    quantity
  }
}
    `) as unknown as TypedDocumentString<PutBackMutation, PutBackMutationVariables>;
export const PickIngredientsDocument = new TypedDocumentString(`
    mutation PickIngredients($input: PickIngredientsInput!) {
  pickIngredients(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<PickIngredientsMutation, PickIngredientsMutationVariables>;
export const CancelOrderDocument = new TypedDocumentString(`
    mutation CancelOrder($id: ID!) {
  cancelOrder(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<CancelOrderMutation, CancelOrderMutationVariables>;