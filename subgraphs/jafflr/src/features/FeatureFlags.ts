import type { Collection, Db } from 'mongodb';
import type { Logger } from '../../../../platform/logger.js';
import {
  OFF,
  resolveFlag,
  settingFromDocument,
  type FeatureDocument,
  type FlagName,
  type FlagSetting,
} from './flags.js';

export const FEATURES = 'features';

export interface FeatureFlagsOptions {
  /** Settings from the environment, which override the database. */
  env: Partial<Record<FlagName, FlagSetting>>;
  /** How long a flag read from the database is trusted; 0 reads it on every call. */
  cacheMs: number;
  logger: Logger;
  now?: () => number;
}

interface Cached {
  setting: FlagSetting;
  readAt: number;
}

/**
 * Feature flags from the environment or jafflr's `features` collection. A
 * database read is kept for `cacheMs` (1 s by default): a change reaches
 * every instance within that bound without a restart, and busy periods cost
 * one read per flag per second instead of one per toastie.
 */
export class FeatureFlags {
  private readonly features: Collection<FeatureDocument>;
  private readonly cache = new Map<FlagName, Cached>();
  private readonly reading = new Map<FlagName, Promise<FlagSetting>>();
  private readonly now: () => number;

  constructor(
    db: Db,
    private readonly options: FeatureFlagsOptions,
  ) {
    this.features = db.collection<FeatureDocument>(FEATURES);
    this.now = options.now ?? Date.now;
  }

  async isOn(flag: FlagName, customer: string | null): Promise<boolean> {
    const env = this.options.env[flag];
    // The database is not read at all while the environment decides.
    return resolveFlag({ env, db: env ? OFF : await this.fromDb(flag) }, customer);
  }

  private async fromDb(flag: FlagName): Promise<FlagSetting> {
    const cached = this.cache.get(flag);
    if (cached && this.now() - cached.readAt < this.options.cacheMs) return cached.setting;
    // Calls arriving while a read is under way share it.
    let reading = this.reading.get(flag);
    if (!reading) {
      reading = this.read(flag, cached).finally(() => this.reading.delete(flag));
      this.reading.set(flag, reading);
    }
    return reading;
  }

  private async read(flag: FlagName, cached: Cached | undefined): Promise<FlagSetting> {
    try {
      const setting = settingFromDocument(await this.features.findOne({ _id: flag }));
      this.cache.set(flag, { setting, readAt: this.now() });
      return setting;
    } catch (err) {
      // A flag read must not fail the toastie: keep the last known setting, or off.
      this.options.logger.warn({ err, flag }, 'could not read a feature flag; using the last known setting');
      return cached?.setting ?? OFF;
    }
  }
}
