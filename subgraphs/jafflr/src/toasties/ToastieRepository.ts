import { ObjectId, type Collection, type Db } from 'mongodb';
import type { Doneness } from './rules.js';

/** PENDING while its ingredients are picked; FAILED when they could not be. Only MADE toasties are shown. */
export type ToastieStatus = 'PENDING' | 'MADE' | 'FAILED';

/** Why a toastie failed, kept so that a caller waiting on the same idempotency key gets the same answer. */
export interface ToastieFailure {
  code: string;
  message: string;
  extensions: Record<string, unknown>;
}

export interface Toastie {
  id: string;
  ingredients: string[];
  doneness: Doneness;
  customer: string | null;
  createdAt: Date;
  status: ToastieStatus;
  failure: ToastieFailure | null;
}

interface ToastieDocument {
  _id: ObjectId;
  ingredients: string[];
  doneness: Doneness;
  customer?: string | null;
  createdAt: Date;
  /** Missing on toasties recorded before statuses existed, which were all made. */
  status?: ToastieStatus;
  failure?: ToastieFailure | null;
}

export const TOASTIES = 'toasties';

const made = { status: { $nin: ['PENDING', 'FAILED'] as ToastieStatus[] } };

function toToastie({ _id, ingredients, doneness, customer, createdAt, status, failure }: ToastieDocument): Toastie {
  return {
    id: _id.toHexString(),
    ingredients,
    doneness,
    customer: customer ?? null,
    createdAt,
    status: status ?? 'MADE',
    failure: failure ?? null,
  };
}

function objectId(id: string): ObjectId | null {
  return ObjectId.isValid(id) && id.length === 24 ? new ObjectId(id) : null;
}

function toDocument({ id, ingredients, doneness, customer, createdAt }: Toastie, status: ToastieStatus): ToastieDocument {
  return { _id: new ObjectId(id), ingredients, doneness, customer, createdAt, status };
}

/** jafflr's own record of the toasties it made. It stores ingredient names only. */
export class ToastieRepository {
  private readonly toasties: Collection<ToastieDocument>;

  constructor(db: Db) {
    this.toasties = db.collection<ToastieDocument>(TOASTIES);
  }

  /** A toastie about to be made, with its id chosen now so that the id can name its pick. Nothing is written. */
  plan(ingredients: string[], doneness: Doneness, customer: string | null): Toastie {
    return toToastie({ _id: new ObjectId(), ingredients, doneness, customer, createdAt: new Date(), status: 'PENDING' });
  }

  /** Records a planned toastie as pending, before anything is picked, so calls with its key can follow it. */
  async start(toastie: Toastie): Promise<void> {
    await this.toasties.insertOne(toDocument(toastie, 'PENDING'));
  }

  /** Records a planned toastie as made, in one write, when nobody follows its progress. */
  async insertMade(toastie: Toastie): Promise<void> {
    await this.toasties.insertOne(toDocument(toastie, 'MADE'));
  }

  async markMade(id: string): Promise<void> {
    await this.toasties.updateOne({ _id: new ObjectId(id), status: 'PENDING' }, { $set: { status: 'MADE' } });
  }

  async markFailed(id: string, failure: ToastieFailure): Promise<void> {
    await this.toasties.updateOne({ _id: new ObjectId(id), status: 'PENDING' }, { $set: { status: 'FAILED', failure } });
  }

  /** Forgets a toastie that was never attempted (it lost its idempotency key to another). */
  async discard(id: string): Promise<void> {
    await this.toasties.deleteOne({ _id: new ObjectId(id), status: 'PENDING' });
  }

  /** A made toastie; null for any other id, well-formed or not. */
  async findById(id: string): Promise<Toastie | null> {
    const _id = objectId(id);
    const document = _id && (await this.toasties.findOne({ _id, ...made }));
    return document ? toToastie(document) : null;
  }

  /** A toastie in any status, for following an attempt. */
  async findAttempt(id: string): Promise<Toastie | null> {
    const _id = objectId(id);
    const document = _id && (await this.toasties.findOne({ _id }));
    return document ? toToastie(document) : null;
  }

  async latest(limit: number): Promise<Toastie[]> {
    const documents = await this.toasties.find(made, { sort: { createdAt: -1, _id: -1 }, limit }).toArray();
    return documents.map(toToastie);
  }
}
