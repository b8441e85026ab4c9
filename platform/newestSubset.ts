import { LRUCache } from 'lru-cache';
import type { Collection, Db } from 'mongodb';

/** What a list keeps of an item: what its readers show, and when the item was made, which orders the list. */
export interface ListEntry {
  createdAt: Date;
  /**
   * How far the item has come, for an item that changes after it is listed
   * (an order picked, then cancelled): it only grows, so a put racing a
   * later one never takes the item back. 0 when omitted.
   */
  stage?: number;
}

export type Listed<E extends ListEntry> = E & { id: string };

interface ListDocument<E> {
  _id: string;
  /** By item id: adding, replacing and removing an item are each one keyed write, safe to repeat and to race. */
  entries: Record<string, E>;
}

interface BuiltMarker {
  _id: typeof BUILT;
  at: Date;
}

const BUILT = '#built';

/** Lists a build holds in memory before writing them, which bounds its memory whatever the number of lists. */
const BUILD_FLUSH_LISTS = 500;

/** Lists whose puts since their size was last seen are counted; a list beyond them has its size read at its next put. */
const COUNTED_LISTS = 1000;

/**
 * Lists of the newest items, each one document read by its `_id`: MongoDB's
 * subset pattern (https://www.mongodb.com/docs/manual/data-modeling/design-patterns/group-data/subset-pattern/).
 * A reader's cost is one `_id` lookup in a collection of a few documents,
 * whatever the size of the collection the items live in. Each list keeps the
 * newest `keep` items, and at most `trimEvery` more between trims for each
 * process that puts to it.
 *
 * The list is a map by item id rather than an array kept with
 * `$push: { $each, $sort, $slice }`: FerretDB v1 ignores `$sort` and `$slice`
 * without an error (the array would grow for ever), and has no `$pull` with a
 * condition nor `arrayFilters`. A map needs only `$set`, `$max` and `$unset`
 * of an item's own paths, filtered by `_id`, which every MongoDB-compatible
 * database supports; a repeated put changes nothing, and a put racing a trim
 * loses nothing newer than what the trim keeps.
 */
export class NewestSubset<E extends ListEntry> {
  private readonly lists: Collection<ListDocument<E>>;
  private readonly trimEvery: number;
  /** By list id, this process's puts to the list since it last saw the list's size. */
  private readonly unseenPuts = new LRUCache<string, number>({ max: COUNTED_LISTS });

  constructor(
    db: Db,
    collection: string,
    private readonly keep: number,
    trimEvery = Math.max(1, Math.ceil(keep / 5)),
  ) {
    this.lists = db.collection<ListDocument<E>>(collection);
    this.trimEvery = trimEvery;
  }

  /**
   * Adds the item to each list, or replaces it there. Every `trimEvery`-th
   * put of this process to a list (and its first, or its first since the
   * list was last counted) reads the list back and trims it to the newest
   * `keep`; the others only write. The list comes back whole (FerretDB v1
   * projects no findAndModify), which for a long list costs more than the
   * write, so a list holds at most `keep` + `trimEvery` items for each
   * process that puts to it.
   */
  async put(listIds: readonly string[], id: string, entry: E): Promise<void> {
    for (const listId of listIds) {
      const unseen = this.unseenPuts.get(listId);
      if (unseen !== undefined && unseen + 1 < this.trimEvery) {
        this.unseenPuts.set(listId, unseen + 1);
        await this.lists.updateOne({ _id: listId }, putUpdate(id, entry), { upsert: true });
        continue;
      }
      this.unseenPuts.set(listId, 0);
      const after = await this.lists.findOneAndUpdate({ _id: listId }, putUpdate(id, entry), {
        upsert: true,
        returnDocument: 'after',
      });
      if (after && Object.keys(after.entries).length > this.keep) await this.trim(after);
    }
  }

  /** Removes the item from each list (an item forgotten for good). */
  async remove(listIds: readonly string[], id: string): Promise<void> {
    for (const listId of listIds) {
      await this.lists.updateOne({ _id: listId }, { $unset: { [`entries.${id}`]: '' } as never });
    }
  }

  /** The newest `limit` items of a list, newest first (ties by id, highest first), `limit` at most `keep`. */
  async newest(listId: string, limit: number): Promise<Listed<E>[]> {
    if (limit > this.keep) throw new Error(`a list keeps the newest ${this.keep} items, not ${limit}`);
    const document = await this.lists.findOne({ _id: listId });
    return newestFirst(document?.entries ?? {}).slice(0, limit);
  }

  /**
   * Builds the lists from the items already stored, once: a store written
   * before the lists existed gets them at its first start-up with them. One
   * pass over `items`, holding at most a few hundred lists in memory; each
   * is merged into what writers have put meanwhile, never replacing it, and
   * the build is marked done last, so a build cut short runs again whole.
   * Returns whether it ran.
   */
  async buildOnce(items: AsyncIterable<{ id: string; entry: E; listIds: readonly string[] }>): Promise<boolean> {
    const markers = this.lists as unknown as Collection<BuiltMarker>;
    if (await markers.findOne({ _id: BUILT })) return false;
    let pending = new Map<string, Map<string, E>>();
    const flush = async () => {
      for (const [listId, entries] of pending) {
        const updates = [...entries].map(([id, entry]) => putUpdate(id, entry));
        const update: KeyedUpdate = {
          $set: Object.fromEntries(updates.flatMap(({ $set }) => Object.entries($set))),
          $max: Object.fromEntries(updates.flatMap(({ $max }) => Object.entries($max))),
        };
        const after = await this.lists.findOneAndUpdate({ _id: listId }, update, {
          upsert: true,
          returnDocument: 'after',
        });
        if (after) await this.trim(after);
      }
      pending = new Map();
    };
    for await (const { id, entry, listIds } of items) {
      for (const listId of listIds) {
        const entries = pending.get(listId) ?? new Map<string, E>();
        pending.set(listId, entries);
        entries.set(id, entry);
        if (entries.size >= 2 * this.keep) keepNewest(entries, this.keep);
      }
      if (pending.size >= BUILD_FLUSH_LISTS) await flush();
    }
    await flush();
    await markers.updateOne({ _id: BUILT }, { $set: { at: new Date() } }, { upsert: true });
    return true;
  }

  /**
   * Forgets what lies beyond the newest `keep`. Each item is removed by its
   * own path, so an item put meanwhile stays, and one removed had `keep`
   * newer items beside it, which nothing but age removes.
   */
  private async trim({ _id, entries }: ListDocument<E>): Promise<void> {
    const beyond = newestFirst(entries).slice(this.keep);
    if (beyond.length === 0) return;
    const $unset = Object.fromEntries(beyond.map(({ id }) => [`entries.${id}`, '']));
    await this.lists.updateOne({ _id }, { $unset: $unset as never });
  }
}

/** Paths into `entries`, which the driver's types cannot follow into a map. */
interface KeyedUpdate {
  $set: Record<string, unknown>;
  $max: Record<string, number>;
}

/** An item's fields set one by one, and its stage raised, never lowered. */
function putUpdate<E extends ListEntry>(id: string, { stage = 0, ...fields }: E): KeyedUpdate {
  return {
    $set: Object.fromEntries(Object.entries(fields).map(([field, value]) => [`entries.${id}.${field}`, value])),
    $max: { [`entries.${id}.stage`]: stage },
  };
}

function newestFirst<E extends ListEntry>(entries: Record<string, E>): Listed<E>[] {
  return Object.entries(entries)
    .map(([id, entry]) => ({ ...entry, id }))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

function keepNewest<E extends ListEntry>(entries: Map<string, E>, keep: number): void {
  const beyond = newestFirst(Object.fromEntries(entries)).slice(keep);
  for (const { id } of beyond) entries.delete(id);
}
