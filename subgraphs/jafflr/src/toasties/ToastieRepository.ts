import { ObjectId, type Collection, type Db } from 'mongodb';
import type { Doneness } from './rules.js';

export interface Toastie {
  id: string;
  ingredients: string[];
  doneness: Doneness;
  createdAt: Date;
}

interface ToastieDocument {
  _id: ObjectId;
  ingredients: string[];
  doneness: Doneness;
  createdAt: Date;
}

export const TOASTIES = 'toasties';

function toToastie({ _id, ingredients, doneness, createdAt }: ToastieDocument): Toastie {
  return { id: _id.toHexString(), ingredients, doneness, createdAt };
}

/** jafflr's own record of the toasties it made. It stores ingredient names only. */
export class ToastieRepository {
  private readonly toasties: Collection<ToastieDocument>;

  constructor(db: Db) {
    this.toasties = db.collection<ToastieDocument>(TOASTIES);
  }

  /** A fresh id, for a toastie whose record must be recognisable even when the insert's answer is lost. */
  newId(): string {
    return new ObjectId().toHexString();
  }

  async create(ingredients: string[], doneness: Doneness, id = this.newId()): Promise<Toastie> {
    const document: ToastieDocument = { _id: new ObjectId(id), ingredients, doneness, createdAt: new Date() };
    await this.toasties.insertOne(document);
    return toToastie(document);
  }

  /** Null for an id that is not a toastie's, well-formed or not. */
  async findById(id: string): Promise<Toastie | null> {
    if (!ObjectId.isValid(id) || id.length !== 24) return null;
    const document = await this.toasties.findOne({ _id: new ObjectId(id) });
    return document ? toToastie(document) : null;
  }

  async latest(limit: number): Promise<Toastie[]> {
    const documents = await this.toasties.find({}, { sort: { createdAt: -1, _id: -1 }, limit }).toArray();
    return documents.map(toToastie);
  }
}
