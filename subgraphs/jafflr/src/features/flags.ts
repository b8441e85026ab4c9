import { isCustomerName } from '../../../../platform/graphInputs.js';

/** The flags jafflr knows. `pick.v2`: pick a toastie's ingredients with chillybin's pickIngredients. */
export type FlagName = 'pick.v2';

/** Who a flag is on for. */
export type FlagSetting = { on: 'nobody' } | { on: 'everyone' } | { on: 'customers'; customers: ReadonlySet<string> };

export const OFF: FlagSetting = { on: 'nobody' };

/**
 * An environment value: `off`, `on`, or a comma-separated list of customers.
 * Throws with the reason when it is none of these.
 */
export function parseFlagSetting(value: string): FlagSetting {
  const trimmed = value.trim();
  if (trimmed === 'off') return OFF;
  if (trimmed === 'on') return { on: 'everyone' };
  const customers = trimmed.split(',').map((c) => c.trim());
  const bad = customers.find((c) => !isCustomerName(c));
  if (bad !== undefined) {
    throw new Error(
      `must be off, on, or a comma-separated list of customers; ${JSON.stringify(bad)} is not a customer name`,
    );
  }
  return { on: 'customers', customers: new Set(customers) };
}

/** A flag's document in jafflr's `features` collection: `{ _id: 'pick.v2', enabled: true }` or `{ _id, customers: [...] }`. */
export interface FeatureDocument {
  _id: string;
  /** On for everyone, whatever `customers` says. */
  enabled?: boolean;
  customers?: string[];
}

export function settingFromDocument(document: FeatureDocument | null): FlagSetting {
  if (!document) return OFF;
  if (document.enabled === true) return { on: 'everyone' };
  const customers = Array.isArray(document.customers) ? document.customers.filter((c) => typeof c === 'string') : [];
  return customers.length > 0 ? { on: 'customers', customers: new Set(customers) } : OFF;
}

export function isOnFor(setting: FlagSetting, customer: string | null): boolean {
  if (setting.on === 'everyone') return true;
  if (setting.on === 'nobody') return false;
  return customer !== null && setting.customers.has(customer);
}

/**
 * The environment, when set, decides alone: it is the operator's override,
 * such as turning a flag off everywhere at once. Unset, the database decides.
 */
export function resolveFlag(
  sources: { env: FlagSetting | undefined; db: FlagSetting },
  customer: string | null,
): boolean {
  return isOnFor(sources.env ?? sources.db, customer);
}
