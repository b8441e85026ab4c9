import type { Collection, Db } from 'mongodb';
import { insertOrFind } from '../../../../platform/mongo.js';

interface ToastieKeyDocument {
  /** The client's idempotency key: `_id`'s unique index lets exactly one toastie claim it. */
  _id: string;
  toastieId: string;
  /** What was ordered, so the same key for another order is refused rather than answered wrongly. */
  fingerprint: string;
  createdAt: Date;
}

export const TOASTIE_KEYS = 'toastie_keys';

export type KeyClaim = { claimed: true } | { claimed: false; toastieId: string; fingerprint: string };

/** Which toastie each idempotency key belongs to. */
export class ToastieKeyRepository {
  private readonly keys: Collection<ToastieKeyDocument>;

  constructor(db: Db) {
    this.keys = db.collection<ToastieKeyDocument>(TOASTIE_KEYS);
  }

  async claim(key: string, toastieId: string, fingerprint: string): Promise<KeyClaim> {
    const result = await insertOrFind(this.keys, { _id: key, toastieId, fingerprint, createdAt: new Date() });
    if (result.inserted) return { claimed: true };
    return { claimed: false, toastieId: result.existing.toastieId, fingerprint: result.existing.fingerprint };
  }

  /** Moves a key from a failed toastie to a new attempt; only one of several racing retries gets true. */
  async takeOver(key: string, from: string, to: string): Promise<boolean> {
    const { modifiedCount } = await this.keys.updateOne({ _id: key, toastieId: from }, { $set: { toastieId: to } });
    return modifiedCount === 1;
  }

  /** Forgets keys older than `before`: a retry after that makes a new toastie, as with any key store's expiry. */
  async forgetBefore(before: Date): Promise<number> {
    const { deletedCount } = await this.keys.deleteMany({ createdAt: { $lt: before } });
    return deletedCount;
  }
}
