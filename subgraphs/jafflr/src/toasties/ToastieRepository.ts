import { ObjectId, type Collection, type Db } from 'mongodb';
import type { RecordedFailure } from '../../../../platform/errors.js';
import { insertOrFind } from '../../../../platform/mongo.js';
import { NewestSubset } from '../../../../platform/newestSubset.js';
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
/** The subset of made toasties that `toasties(last:)` reads: one document, `recent`. */
export const TOASTIE_LISTS = 'toastie_lists';
const RECENT = 'recent';
/**
 * As many as `toasties(last:)` shows by default. A longer page reads the
 * collection: every toastie in the list is one more to rewrite on each write
 * to it, and on devdb a write's cost grows with the document's size.
 */
export const RECENT_TOASTIES = 20;

type ListedToastie = Omit<Toastie, 'id'>;

const madeFilter = { status: { $nin: ['PENDING', 'FAILED'] as ToastieDocument['status'][] } };

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
  private readonly recent: NewestSubset<ListedToastie>;

  constructor(db: Db) {
    this.toasties = db.collection<ToastieDocument>(TOASTIES);
    this.recent = new NewestSubset<ListedToastie>(db, TOASTIE_LISTS, RECENT_TOASTIES);
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

  /**
   * Puts a made toastie in the list `latest` reads; safe to repeat. Called
   * after MADE is recorded and before the toastie's record in progress is
   * forgotten, so a crash in between leaves the settler to list it.
   */
  async list({ id, ingredients, doneness, customer, createdAt, status }: ToastieOutcome): Promise<void> {
    if (status !== 'MADE') throw new Error(`toastie ${id} is ${status}: only made toasties are listed`);
    await this.recent.put([RECENT], id, { ingredients, doneness, customer, createdAt });
  }

  /**
   * The newest made toasties, newest first: up to RECENT_TOASTIES, one read of
   * the list by `_id`, whatever the number of toasties; more, a sorted find
   * whose cost grows with the collection (FerretDB v1 sorts it in memory).
   */
  async latest(limit: number): Promise<ToastieOutcome[]> {
    if (limit > RECENT_TOASTIES) {
      const documents = await this.toasties.find(madeFilter, { sort: { createdAt: -1, _id: -1 }, limit }).toArray();
      return documents.map(toOutcome);
    }
    const listed = await this.recent.newest(RECENT, limit);
    return listed.map(({ id, ingredients, doneness, customer, createdAt }) => ({
      id,
      ingredients,
      doneness,
      customer,
      createdAt,
      status: 'MADE',
      failure: null,
    }));
  }

  /**
   * Pages of the newest made toasties, one for each limit asked for, in at
   * most two reads whatever their number: the longest page of the list, and
   * the longest of those past it. Each page is what `latest` gives for its
   * limit. Apollo Server runs the operations of a batch with one context, so
   * the `toasties(last:)` of every request in a gateway's batch come here
   * together (`JafflrContext.latestToasties`).
   */
  async latestPages(limits: readonly number[]): Promise<ToastieOutcome[][]> {
    const longest = (inList: boolean) => Math.max(0, ...limits.filter((limit) => limit <= RECENT_TOASTIES === inList));
    const page = (limit: number) => (limit > 0 ? this.latest(limit) : Promise.resolve([]));
    const [fromList, fromCollection] = await Promise.all([page(longest(true)), page(longest(false))]);
    return limits.map((limit) => (limit <= RECENT_TOASTIES ? fromList : fromCollection).slice(0, limit));
  }

  /** Lists the toasties made before the list existed, once (start-up's migration step). */
  buildList(): Promise<boolean> {
    const made = this.toasties.find(madeFilter, { batchSize: 1000 });
    return this.recent.buildOnce(
      (async function* () {
        for await (const document of made) {
          const { id, ingredients, doneness, customer, createdAt } = toOutcome(document);
          yield { id, entry: { ingredients, doneness, customer, createdAt }, listIds: [RECENT] };
        }
      })(),
    );
  }

  /** Forgets failed toasties older than `before`: their keys are forgotten too, so nobody asks after them. */
  async forgetFailedBefore(before: Date): Promise<number> {
    const { deletedCount } = await this.toasties.deleteMany({ status: 'FAILED', createdAt: { $lt: before } });
    return deletedCount;
  }
}
