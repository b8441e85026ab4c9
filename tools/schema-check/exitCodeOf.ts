import { ConfigError } from '../../platform/config.js';
import { RegistryUnreachableError } from '../../platform/registry/registryConfig.js';
import { StaleVersionError, UnknownVersionError } from '../../platform/registry/SchemaRegistry.js';
import { ExitCode } from './runSchemaCheck.js';
import { UsageError } from './UsageError.js';

/** The exit code of an error that ended a schema command, shared by schema:check, :publish, :rollback and :history. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError || err instanceof UnknownVersionError || err instanceof ConfigError)
    return ExitCode.usage;
  if ((err as { code?: unknown }).code?.toString().startsWith('ERR_PARSE_ARGS')) return ExitCode.usage;
  if (err instanceof RegistryUnreachableError) return ExitCode.registry;
  // The driver's errors once connected: the registry went away during the command.
  if (err instanceof Error && /^Mongo(ServerSelection|Network|NetworkTimeout)Error$/.test(err.name))
    return ExitCode.registry;
  if (err instanceof StaleVersionError) return ExitCode.conflict;
  return ExitCode.crashed;
}
