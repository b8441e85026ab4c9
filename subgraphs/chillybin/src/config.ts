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
import { DEVELOPMENT_ADMIN_TOKEN } from '../../../platform/secrets.js';

export interface ChillybinConfig extends ServiceConfig, DatabaseConfig {
  port: number;
  /** `restock` needs `authorization: Bearer <adminToken>`. */
  adminToken: string;
  /** How long a pick may run when its caller gives no deadline. */
  pickDeadlineMs: number;
  /** How many orders are picked at once; more wait for a turn (load shedding, `platform/admission.ts`). */
  picksAtOnce: number;
  /** How many orders may wait for a turn; more, or one whose deadline comes first, are refused with OVERLOADED. */
  picksWaiting: number;
  /** How often runs past their deadline and unsettled holds are settled. */
  sweepIntervalMs: number;
  /** How long a settled order is kept. */
  orderRetentionMs: number;
}

/** Every variable chillybin reads, with its rule and default; exported so deploy files can be checked against it. */
export const chillybinEnv = (source: Env) => ({
  ...serviceEnv(source, { shutdownGraceMs: 10_000 }),
  CHILLYBIN_PORT: env.port(4001),
  ...databaseEnv('CHILLYBIN_DB', 'chillybin'),
  ADMIN_TOKEN: env.secret(source.NODE_ENV === 'production', DEVELOPMENT_ADMIN_TOKEN),
  PICK_DEADLINE_MS: env.positiveInt(10_000),
  PICKS_AT_ONCE: env.positiveInt(32),
  PICKS_WAITING: env.nonNegativeInt(128),
  SWEEP_INTERVAL_MS: env.positiveInt(1000),
  ORDER_RETENTION_HOURS: env.positiveInt(7 * 24),
});

/** `who` names the reader in a configuration error: the service, or a tool run with its settings. */
export function loadConfig(source: Env, who = 'chillybin'): ChillybinConfig {
  const e = parseEnv(chillybinEnv(source), source, who);
  return {
    ...serviceConfigOf(e),
    port: e.CHILLYBIN_PORT,
    ...databaseConfigOf(e, 'CHILLYBIN_DB'),
    adminToken: e.ADMIN_TOKEN,
    pickDeadlineMs: e.PICK_DEADLINE_MS,
    picksAtOnce: e.PICKS_AT_ONCE,
    picksWaiting: e.PICKS_WAITING,
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    orderRetentionMs: e.ORDER_RETENTION_HOURS * 60 * 60_000,
  };
}
