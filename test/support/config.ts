import { ConfigError } from '../../platform/config.js';

/** The ConfigError a config load throws, or undefined when it loads. */
export function configError(load: () => unknown): ConfigError | undefined {
  try {
    load();
    return undefined;
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
}

/** The variables a ConfigError names, one per problem. */
export function namedVariables(error: ConfigError | undefined): string[] {
  return error?.problems.map((problem) => problem.split(':')[0]!) ?? [];
}
