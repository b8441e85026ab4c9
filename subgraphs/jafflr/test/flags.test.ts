import type { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../platform/config.js';
import { createLogger } from '../../../platform/logger.js';
import { connectMongo } from '../../../platform/mongo.js';
import { dropDatabases, mongodbUri, uniqueDbName } from '../../../test/support/databases.js';
import { loadConfig } from '../src/config.js';
import { FEATURES, FeatureFlags } from '../src/features/FeatureFlags.js';
import { OFF, parseFlagSetting, resolveFlag, settingFromDocument } from '../src/features/flags.js';

const everyone = parseFlagSetting('on');
const alice = parseFlagSetting('alice, bob');

describe('resolving pick.v2 for a customer', () => {
  const cases = [
    { name: 'nothing set', env: undefined, db: null, customer: 'alice', on: false },
    { name: 'env on', env: 'on', db: null, customer: null, on: true },
    { name: 'env off beats db on', env: 'off', db: { enabled: true }, customer: 'alice', on: false },
    { name: 'env on beats db off', env: 'on', db: { enabled: false }, customer: 'carol', on: true },
    { name: 'env list: a listed customer', env: 'alice,bob', db: null, customer: 'bob', on: true },
    { name: 'env list: another customer', env: 'alice,bob', db: { enabled: true }, customer: 'carol', on: false },
    { name: 'env list: no customer', env: 'alice', db: null, customer: null, on: false },
    { name: 'db on for everyone', env: undefined, db: { enabled: true }, customer: null, on: true },
    { name: 'db list: a listed customer', env: undefined, db: { customers: ['carol'] }, customer: 'carol', on: true },
    { name: 'db list: another customer', env: undefined, db: { customers: ['carol'] }, customer: 'alice', on: false },
    {
      name: 'db enabled false with a list',
      env: undefined,
      db: { enabled: false, customers: ['carol'] },
      customer: 'carol',
      on: true,
    },
    { name: 'db empty list', env: undefined, db: { customers: [] }, customer: 'carol', on: false },
  ];

  it.each(cases)('$name → $on', ({ env, db, customer, on }) => {
    const sources = {
      env: env === undefined ? undefined : parseFlagSetting(env),
      db: settingFromDocument(db && { _id: 'pick.v2', ...db }),
    };
    expect(resolveFlag(sources, customer)).toBe(on);
  });
});

describe('FEATURE_PICK_V2', () => {
  const cases = [
    { value: undefined, setting: undefined },
    { value: 'off', setting: OFF },
    { value: 'on', setting: everyone },
    { value: 'alice, bob', setting: alice },
    { value: 'alice,,bob', setting: 'error' },
    { value: 'yes please', setting: 'error' },
  ] as const;

  it.each(cases)('$value → $setting', ({ value, setting }) => {
    const load = () => loadConfig({ MONGODB_URI: 'mongodb://x', FEATURE_PICK_V2: value });
    if (setting === 'error') expect(load).toThrow(ConfigError);
    else expect(load().featurePickV2).toEqual(setting);
  });
});

describe('FeatureFlags reading the features collection', () => {
  const dbName = uniqueDbName('jafflr');
  let mongo: MongoClient;
  const logger = createLogger({ service: 'test', version: 'test', level: 'silent' });

  beforeAll(async () => {
    mongo = await connectMongo({ uri: mongodbUri(), timeoutMs: 5000, appName: 'test' });
  });
  afterAll(async () => {
    await mongo.close();
    await dropDatabases([dbName]);
  });

  it('sees a change once the cached read is older than cacheMs, without a restart', async () => {
    const db = mongo.db(dbName);
    let now = 0;
    const flags = new FeatureFlags(db, { env: {}, cacheMs: 1000, logger, now: () => now });
    const setDoc = (doc: object) =>
      db.collection<{ _id: string }>(FEATURES).replaceOne({ _id: 'pick.v2' }, doc, { upsert: true });

    expect(await flags.isOn('pick.v2', 'alice')).toBe(false);
    await setDoc({ customers: ['alice'] });
    now = 999;
    expect(await flags.isOn('pick.v2', 'alice')).toBe(false);
    now = 1000;
    expect(await flags.isOn('pick.v2', 'alice')).toBe(true);
    expect(await flags.isOn('pick.v2', 'bob')).toBe(false);
    await setDoc({ enabled: true });
    now = 2000;
    expect(await flags.isOn('pick.v2', 'bob')).toBe(true);
  });

  it('lets the environment decide when it is set', async () => {
    await mongo
      .db(dbName)
      .collection<{ _id: string }>(FEATURES)
      .replaceOne({ _id: 'pick.v2' }, { enabled: true }, { upsert: true });
    const flags = new FeatureFlags(mongo.db(dbName), { env: { 'pick.v2': OFF }, cacheMs: 0, logger });
    expect(await flags.isOn('pick.v2', 'alice')).toBe(false);
  });
});
