import { ObjectId, type Collection, type Db } from 'mongodb';
import type { Doneness } from '../generated/graphql.js';
import type { Toastie } from './ToastieRepository.js';

/**
 * What undoes a toastie's pick, recorded before the pick is made: a v2 order
 * to cancel, or a v1 keyed pick to put back. Both are exact and safe to repeat
 * in chillybin, and both leave a tombstone there, so a pick that arrives late
 * takes nothing.
 */
export type UndoStep =
  { kind: 'cancelOrder'; orderId: string } | { kind: 'putBack'; key: string; name: string; quantity: number };

/** A toastie whose outcome is not yet settled: the maker's intent, written before anything is taken. */
export interface ToastieInProgress {
  toastie: Toastie;
  undo: UndoStep[];
  /** After this the maker no longer records it as made, and the settler may fail it and undo its pick. */
  deadline: Date;
}

interface InProgressDocument {
  _id: ObjectId;
  ingredients: string[];
  doneness: Doneness;
  customer: string | null;
  createdAt: Date;
  undo: UndoStep[];
  deadline: Date;
}

export const TOASTIES_IN_PROGRESS = 'toasties_in_progress';

function toRecord({
  _id,
  ingredients,
  doneness,
  customer,
  createdAt,
  undo,
  deadline,
}: InProgressDocument): ToastieInProgress {
  return { toastie: { id: _id.toHexString(), ingredients, doneness, customer, createdAt }, undo, deadline };
}

/**
 * The toasties being made or not yet settled. Each lives here from before its
 * pick until its outcome is recorded and its pick settled, so a jafflr that
 * dies at any point leaves the record the settler needs. Few at a time, so
 * the settler reads the collection whole.
 */
export class ToastiesInProgress {
  private readonly records: Collection<InProgressDocument>;

  constructor(db: Db) {
    this.records = db.collection<InProgressDocument>(TOASTIES_IN_PROGRESS);
  }

  async add({ toastie, undo, deadline }: ToastieInProgress): Promise<void> {
    const { id, ingredients, doneness, customer, createdAt } = toastie;
    await this.records.insertOne({ _id: new ObjectId(id), ingredients, doneness, customer, createdAt, undo, deadline });
  }

  async find(id: string): Promise<ToastieInProgress | null> {
    const document = await this.records.findOne({ _id: new ObjectId(id) });
    return document ? toRecord(document) : null;
  }

  async all(): Promise<ToastieInProgress[]> {
    return (await this.records.find({}).toArray()).map(toRecord);
  }

  async remove(id: string): Promise<void> {
    await this.records.deleteOne({ _id: new ObjectId(id) });
  }
}
