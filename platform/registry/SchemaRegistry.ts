import type { Collection, Db } from 'mongodb';
import { ensureIndexes, insertOrFind, type IndexDeclaration, type IndexReport } from '../mongo.js';
import { isDuplicateKey } from '../mongoErrors.js';

export const VERSIONS = 'versions';
export const POINTERS = 'pointers';
export const USAGE = 'usage';
const CURRENT = 'current';

export interface RegisteredSubgraph {
  name: string;
  url: string;
  sdl: string;
}

/** What a check found, in short: kept with each version for `schema:history` and the gateway's page. */
export interface CheckVerdict {
  exitCode: number;
  summary: string;
}

/** One composed supergraph. Its number is its `_id`, so that two publishers racing for it cannot both win. */
export interface SchemaVersion {
  _id: number;
  supergraphSdl: string;
  subgraphs: RegisteredSubgraph[];
  /** `publish` of one subgraph, or `rollback` to an earlier version (whose schemas this one copies). */
  action: 'publish' | 'rollback';
  /** The subgraph published; absent for a rollback. */
  subgraph?: string;
  rollbackOf?: number;
  publishedBy: string;
  gitCommit?: string;
  publishedAt: Date;
  /** The changes against the version before, one line each (`breaking Query.x: ...`). */
  changes: string[];
  check: CheckVerdict;
}

interface CurrentPointer {
  _id: typeof CURRENT;
  version: number;
  updatedAt: Date;
}

export type NewVersion = Omit<SchemaVersion, '_id' | 'publishedAt'>;

/** The registry refused a write because someone else published since the caller read the current version. */
export class StaleVersionError extends Error {
  constructor(
    readonly expected: number,
    readonly winner: SchemaVersion | null,
  ) {
    const by = winner ? ` by ${winner.publishedBy} at ${winner.publishedAt.toISOString()}` : '';
    super(
      `refused: the registry's current version is no longer ${expected}; version ${expected + 1} was published${by}. ` +
        'Nothing was stored: run the command again to check against the new current version.',
    );
    this.name = 'StaleVersionError';
  }
}

export class UnknownVersionError extends Error {
  constructor(readonly version: number) {
    super(`version ${version} does not exist in the registry`);
    this.name = 'UnknownVersionError';
  }
}

/** The usage collection is asked "since when" by the checks, so its hour is indexed; everything else is by `_id`. */
export const REGISTRY_INDEXES: IndexDeclaration[] = [{ collection: USAGE, name: 'usage_hour', key: { hour: 1 } }];

export function setupRegistry(db: Db): Promise<IndexReport> {
  return ensureIndexes(db, REGISTRY_INDEXES);
}

/**
 * The schema registry's versions. Inserting version n+1 is the commit point: its
 * unique `_id` lets one publisher win a race. The `current` pointer follows it
 * with `$max`, so it only moves forward, and a reader that finds a version past
 * the pointer (a publisher stopped between the two writes) moves it on itself.
 * Nothing is ever updated in place or deleted.
 */
export class SchemaRegistry {
  private readonly versions: Collection<SchemaVersion>;
  private readonly pointers: Collection<CurrentPointer>;

  constructor(db: Db) {
    this.versions = db.collection<SchemaVersion>(VERSIONS);
    this.pointers = db.collection<CurrentPointer>(POINTERS);
  }

  /** The current version's number, 0 when nothing was published yet. */
  async currentNumber(): Promise<number> {
    let number = (await this.pointers.findOne({ _id: CURRENT }))?.version ?? 0;
    for (;;) {
      const next = await this.versions.findOne({ _id: number + 1 }, { projection: { _id: 1 } });
      if (!next) return number;
      number += 1;
      await this.advance(number);
    }
  }

  async current(): Promise<SchemaVersion | null> {
    const number = await this.currentNumber();
    return number === 0 ? null : this.version(number);
  }

  async version(number: number): Promise<SchemaVersion> {
    const found = await this.versions.findOne({ _id: number });
    if (!found) throw new UnknownVersionError(number);
    return found;
  }

  /** The newest versions first; every version is read by `_id`, so this costs the same on FerretDB as on MongoDB. */
  async history(limit = 20): Promise<SchemaVersion[]> {
    const current = await this.currentNumber();
    const numbers = Array.from({ length: Math.min(limit, current) }, (_, i) => current - i);
    const found = await Promise.all(numbers.map((n) => this.versions.findOne({ _id: n })));
    return found.filter((v): v is SchemaVersion => v !== null);
  }

  /** Stores `version` as the one after `expectedCurrent` and makes it current; refused if that is no longer current. */
  async publish(expectedCurrent: number, version: NewVersion, now = new Date()): Promise<SchemaVersion> {
    if ((await this.currentNumber()) !== expectedCurrent) {
      throw new StaleVersionError(expectedCurrent, await this.versions.findOne({ _id: expectedCurrent + 1 }));
    }
    const stored: SchemaVersion = { ...version, _id: expectedCurrent + 1, publishedAt: now };
    const result = await insertOrFind(this.versions, stored);
    if (!result.inserted) throw new StaleVersionError(expectedCurrent, result.existing);
    await this.advance(stored._id);
    return stored;
  }

  private async advance(number: number): Promise<void> {
    const move = () =>
      this.pointers.updateOne(
        { _id: CURRENT },
        { $max: { version: number }, $set: { updatedAt: new Date() } },
        { upsert: true },
      );
    try {
      await move();
    } catch (err) {
      // Two first upserts race to insert the pointer; the loser finds it there the second time.
      if (!isDuplicateKey(err)) throw err;
      await move();
    }
  }
}
