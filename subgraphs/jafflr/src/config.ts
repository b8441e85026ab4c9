import { z } from 'zod';
import {
  databaseConfigOf,
  databaseEnv,
  env,
  parseEnv,
  serviceConfigOf,
  serviceEnv,
  type DatabaseConfig,
  type Env,
  type ServiceConfig,
} from '../../../platform/config.js';
import { parseFlagSetting, type FlagSetting } from './features/flags.js';

export interface JafflrConfig extends ServiceConfig, DatabaseConfig {
  port: number;
  /** One URL per chillybin instance. */
  chillybinUrls: string[];
  chillybinTimeoutMs: number;
  /** How often toasties past their deadline are settled with chillybin. */
  settleIntervalMs: number;
  /** How long a toastie may take to be picked and recorded, when the caller allows longer. */
  toastieDeadlineMs: number;
  /** How many toasties are picked and recorded at once; more wait for a turn (load shedding, `platform/admission.ts`). */
  toastiesAtOnce: number;
  /** How many toasties may wait for a turn; more, or one whose deadline comes first, are refused with OVERLOADED. */
  toastiesWaiting: number;
  /** How long idempotency keys and failed toasties are kept. */
  keyRetentionMs: number;
  /** Multiplies every cooking time; 0 cooks instantly (tests, benchmarks). */
  cookTimeScale: number;
  /** `pick.v2` from FEATURE_PICK_V2; undefined leaves it to the `features` collection. */
  featurePickV2: FlagSetting | undefined;
  /** How long a flag read from the database is trusted before it is read again. */
  featuresCacheMs: number;
}

/** A flag's environment value, checked at start-up like every other setting. */
const flagSetting = () =>
  z.string().transform((value, ctx) => {
    try {
      return parseFlagSetting(value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });

/** Every variable jafflr reads, with its rule and default; exported so deploy files can be checked against it. */
export const jafflrEnv = (source: Env) => ({
  ...serviceEnv(source, { shutdownGraceMs: 15_000 }),
  JAFFLR_PORT: env.port(4002),
  ...databaseEnv('JAFFLR_DB', 'jafflr'),
  CHILLYBIN_URL: env.httpUrls().default(['http://127.0.0.1:4001/graphql']),
  CHILLYBIN_TIMEOUT_MS: env.positiveInt(2000),
  SETTLE_INTERVAL_MS: env.positiveInt(1000),
  TOASTIE_DEADLINE_MS: env.positiveInt(5000),
  TOASTIES_AT_ONCE: env.positiveInt(16),
  TOASTIES_WAITING: env.nonNegativeInt(64),
  IDEMPOTENCY_KEY_RETENTION_HOURS: env.positiveInt(24),
  COOK_TIME_SCALE: env.nonNegativeNumber(1),
  FEATURE_PICK_V2: flagSetting().optional(),
  FEATURES_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
});

/** `who` names the reader in a configuration error: the service, or a tool run with its settings. */
export function loadConfig(source: Env, who = 'jafflr'): JafflrConfig {
  const e = parseEnv(jafflrEnv(source), source, who);
  return {
    ...serviceConfigOf(e),
    port: e.JAFFLR_PORT,
    ...databaseConfigOf(e, 'JAFFLR_DB'),
    chillybinUrls: e.CHILLYBIN_URL,
    chillybinTimeoutMs: e.CHILLYBIN_TIMEOUT_MS,
    settleIntervalMs: e.SETTLE_INTERVAL_MS,
    toastieDeadlineMs: e.TOASTIE_DEADLINE_MS,
    toastiesAtOnce: e.TOASTIES_AT_ONCE,
    toastiesWaiting: e.TOASTIES_WAITING,
    keyRetentionMs: e.IDEMPOTENCY_KEY_RETENTION_HOURS * 60 * 60_000,
    cookTimeScale: e.COOK_TIME_SCALE,
    featurePickV2: e.FEATURE_PICK_V2,
    featuresCacheMs: e.FEATURES_CACHE_MS,
  };
}
