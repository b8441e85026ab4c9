import { ObjectId, type Collection, type Db } from 'mongodb';
import type { RecordedFailure } from '../../../../platform/errors.js';
import { insertOrFind } from '../../../../platform/mongo.js';
import { NewestSubset } from '../../../../platform/newestSubset.js';
import { MAX_TOASTIES_PAGE } from './rules.js';
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
/** The subset of made toasties that `toasties(last:)` reads up to its default page: one document, `recent`. */
export const TOASTIE_LISTS = 'toastie_lists';
/** The subset that a longer page reads, up to the longest (MAX_TOASTIES_PAGE): one document, `recent`. */
export const TOASTIE_PAGES = 'toastie_pages';
const RECENT = 'recent';
/**
 * As many as `toasties(last:)` shows by default, which the kiosk asks for:
 * kept apart from the longest page because every toastie in a list is one
 * more to read on each page and to rewrite on each write to it (on devdb a
 * write's cost grows with the document's size).
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
  private readonly pages: NewestSubset<ListedToastie>;

  constructor(db: Db) {
    this.toasties = db.collection<ToastieDocument>(TOASTIES);
    this.recent = new NewestSubset<ListedToastie>(db, TOASTIE_LISTS, RECENT_TOASTIES);
    this.pages = new NewestSubset<ListedToastie>(db, TOASTIE_PAGES, MAX_TOASTIES_PAGE);
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
   * Puts a made toastie in the lists `latest` reads; safe to repeat, in any
   * order. Called after MADE is recorded and before the toastie's record in
   * progress is forgotten, so a crash in between leaves the settler to list it.
   */
  async list({ id, ingredients, doneness, customer, createdAt, status }: ToastieOutcome): Promise<void> {
    if (status !== 'MADE') throw new Error(`toastie ${id} is ${status}: only made toasties are listed`);
    const entry = { ingredients, doneness, customer, createdAt };
    await Promise.all([this.recent.put([RECENT], id, entry), this.pages.put([RECENT], id, entry)]);
  }

  /**
   * The newest made toasties, newest first, at most MAX_TOASTIES_PAGE: one
   * read by `_id` of the shorter list that holds them, whatever the number
   * of toasties (no sorted find, which FerretDB v1 sorts in memory).
   */
  async latest(limit: number): Promise<ToastieOutcome[]> {
    const list = limit <= RECENT_TOASTIES ? this.recent : this.pages;
    const listed = await list.newest(RECENT, limit);
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
   * Lists the toasties made before each list existed, once per list
   * (start-up's migration step): whether either was built now.
   */
  async buildLists(): Promise<boolean> {
    const built = [];
    for (const list of [this.recent, this.pages]) built.push(await list.buildOnce(this.madeEntries()));
    return built.includes(true);
  }

  private async *madeEntries() {
    for await (const document of this.toasties.find(madeFilter, { batchSize: 1000 })) {
      const { id, ingredients, doneness, customer, createdAt } = toOutcome(document);
      yield { id, entry: { ingredients, doneness, customer, createdAt }, listIds: [RECENT] };
    }
  }

  /** Forgets failed toasties older than `before`: their keys are forgotten too, so nobody asks after them. */
  async forgetFailedBefore(before: Date): Promise<number> {
    const { deletedCount } = await this.toasties.deleteMany({ status: 'FAILED', createdAt: { $lt: before } });
    return deletedCount;
  }
}
