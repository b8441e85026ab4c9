import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../platform/config.js';
import { RegistryUnreachableError } from '../../../platform/registry/registryConfig.js';
import { StaleVersionError, UnknownVersionError } from '../../../platform/registry/SchemaRegistry.js';
import { exitCodeOf } from '../exitCodeOf.js';
import { UsageError } from '../UsageError.js';

const named = (name: string) => Object.assign(new Error('driver'), { name });

describe('exitCodeOf', () => {
  const cases = [
    { name: 'a usage error', err: new UsageError('bad'), code: 3 },
    { name: 'a version that does not exist', err: new UnknownVersionError(42), code: 3 },
    { name: 'a bad setting', err: new ConfigError(['REGISTRY_DB: bad']), code: 3 },
    {
      name: 'an unknown option',
      err: Object.assign(new TypeError('x'), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }),
      code: 3,
    },
    { name: 'an unreachable registry', err: new RegistryUnreachableError('down'), code: 5 },
    { name: 'the registry lost mid-command', err: named('MongoServerSelectionError'), code: 5 },
    { name: 'a network error', err: named('MongoNetworkError'), code: 5 },
    { name: 'a stale current version', err: new StaleVersionError(3, null), code: 6 },
    { name: 'anything else', err: new Error('bug'), code: 4 },
  ];

  it.each(cases)('$name: $code', ({ err, code }) => {
    expect(exitCodeOf(err)).toBe(code);
  });
});
