import { ObjectId, type Collection, type Db } from 'mongodb';
import type { RecordedFailure } from '../../../../platform/errors.js';
import { insertOrFind } from '../../../../platform/mongo.js';
import type { Doneness } from '../generated/graphql.js';

/** A toastie's outcome, decided once. Only MADE toasties are shown. */
export type ToastieStatus = 'MADE' | 'FAILED';

export interface Toastie {
  id: string;
  ingredients: string[];
  doneness: Doneness;
  customer: string | null;
  createdAt: Date;
}

export interface ToastieOutcome extends Toastie {
  status: ToastieStatus;
  failure: RecordedFailure | null;
}

interface ToastieDocument {
  _id: ObjectId;
  ingredients: string[];
  doneness: Doneness;
  customer?: string | null;
  createdAt: Date;
  /** Missing on toasties recorded before statuses existed, which were all made. */
  status?: ToastieStatus | 'PENDING';
  failure?: RecordedFailure | null;
}

export const TOASTIES = 'toasties';

const made = { status: { $nin: ['PENDING', 'FAILED'] as ToastieDocument['status'][] } };

function toOutcome({
  _id,
  ingredients,
  doneness,
  customer,
  createdAt,
  status,
  failure,
}: ToastieDocument): ToastieOutcome {
  return {
    id: _id.toHexString(),
    ingredients,
    doneness,
    customer: customer ?? null,
    createdAt,
    status: status === 'FAILED' || status === 'PENDING' ? 'FAILED' : 'MADE',
    failure: failure ?? null,
  };
}

function objectId(id: string): ObjectId | null {
  return ObjectId.isValid(id) && id.length === 24 ? new ObjectId(id) : null;
}

/**
 * jafflr's record of the toasties it made, and of the ones it failed. A
 * toastie's outcome is one insert keyed by its id: made by the maker, or
 * failed by the maker or the settler, whichever comes first, and never changed.
 */
export class ToastieRepository {
  private readonly toasties: Collection<ToastieDocument>;

  constructor(db: Db) {
    this.toasties = db.collection<ToastieDocument>(TOASTIES);
  }

  /** A toastie about to be made, with its id chosen now so that the id can name its pick. Nothing is written. */
  plan(ingredients: string[], doneness: Doneness, customer: string | null): Toastie {
    return { id: new ObjectId().toHexString(), ingredients, doneness, customer, createdAt: new Date() };
  }

  /** Records the outcome, unless one is recorded already: the outcome that stands is returned. */
  async decide(
    toastie: Toastie,
    status: ToastieStatus,
    failure: RecordedFailure | null = null,
  ): Promise<ToastieOutcome> {
    const { id, ingredients, doneness, customer, createdAt } = toastie;
    const document: ToastieDocument = {
      _id: new ObjectId(id),
      ingredients,
      doneness,
      customer,
      createdAt,
      status,
      failure,
    };
    const result = await insertOrFind(this.toasties, document);
    return toOutcome(result.inserted ? document : result.existing);
  }

  /** A made toastie; null for any other id, well-formed or not. */
  async findById(id: string): Promise<ToastieOutcome | null> {
    const outcome = await this.findOutcome(id);
    return outcome?.status === 'MADE' ? outcome : null;
  }

  /** The outcome, made or failed; null while there is none. */
  async findOutcome(id: string): Promise<ToastieOutcome | null> {
    const _id = objectId(id);
    const document = _id && (await this.toasties.findOne({ _id }));
    return document ? toOutcome(document) : null;
  }

  async latest(limit: number): Promise<ToastieOutcome[]> {
    const documents = await this.toasties.find(made, { sort: { createdAt: -1, _id: -1 }, limit }).toArray();
    return documents.map(toOutcome);
  }

  /** Forgets failed toasties older than `before`: their keys are forgotten too, so nobody asks after them. */
  async forgetFailedBefore(before: Date): Promise<number> {
    const { deletedCount } = await this.toasties.deleteMany({ status: 'FAILED', createdAt: { $lt: before } });
    return deletedCount;
  }
}
