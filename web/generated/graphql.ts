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

/** An ingredient new to the chilly bin. */
export type AddIngredientInput = {
  /** 1 to 40 lower-case letters, digits, hyphens or single spaces, starting with a letter, such as `tomato`. */
  name: Scalars['String']['input'];
  /** How many there are to start with. Defaults to 0. */
  quantity?: Scalars['Int']['input'];
  /** One line shown to people, such as `A slice of ripe tomato`. Defaults to the name. */
  description?: InputMaybe<Scalars['String']['input']>;
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

/** An ingredient and how many of it to take. */
export type OrderItemInput = {
  name: Scalars['String']['input'];
  quantity?: Scalars['Int']['input'];
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

export type MachineStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type MachineStatusQuery = { __typename?: 'Query', status: MachineStatus };

export type MakeToastieMutationVariables = Exact<{
  fillings: Array<Scalars['String']['input']> | Scalars['String']['input'];
  doneness?: InputMaybe<Doneness>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
}>;


export type MakeToastieMutation = { __typename?: 'Mutation', makeToastie: { __typename?: 'Toastie', id: string, doneness: Doneness, createdAt: string, ingredients: Array<{ __typename?: 'Ingredient', name: string, quantity: number }> } };

export type StockQueryVariables = Exact<{ [key: string]: never; }>;


export type StockQuery = { __typename?: 'Query', stock: Array<{ __typename?: 'Ingredient', name: string, quantity: number, description: string }> };

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

export const MachineStatusDocument = new TypedDocumentString(`
    query MachineStatus {
  status
}
    `, {"hash":"2f22e9b8572ca44cad90a95e823e3dd23ea17996884352ebf03461c5bbe598df"}) as unknown as TypedDocumentString<MachineStatusQuery, MachineStatusQueryVariables>;
export const MakeToastieDocument = new TypedDocumentString(`
    mutation MakeToastie($fillings: [String!]!, $doneness: Doneness, $idempotencyKey: String) {
  makeToastie(
    input: {fillings: $fillings, doneness: $doneness, idempotencyKey: $idempotencyKey}
  ) {
    id
    doneness
    createdAt
    ingredients {
      name
      quantity
    }
  }
}
    `, {"hash":"93effdb52497e7b2f2108aa4016c24710a3392ad26766e6d373b26fdd185b1df"}) as unknown as TypedDocumentString<MakeToastieMutation, MakeToastieMutationVariables>;
export const StockDocument = new TypedDocumentString(`
    query Stock {
  stock {
    name
    quantity
    description
  }
}
    `, {"hash":"295f3a3ca95a6f33183da6ee6ccc05d099059894d737f4879c71e5b101f8b2fd"}) as unknown as TypedDocumentString<StockQuery, StockQueryVariables>;