import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';

/**
 * Introspection and the landing page, on or off together. Federation does not
 * need either: the gateway reads the committed supergraph and calls `_service`
 * and `_entities`, which are ordinary fields and keep working. The landing page
 * is Apollo's Sandbox unless the service brings its own (the gateway does).
 */
export function explorerOptions<TContext extends BaseContext>(
  enabled: boolean,
  ownLandingPage?: ApolloServerPlugin<TContext>,
): {
  introspection: boolean;
  landingPage: ApolloServerPlugin<TContext>;
} {
  return {
    introspection: enabled,
    landingPage: !enabled
      ? ApolloServerPluginLandingPageDisabled()
      : (ownLandingPage ?? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })),
  };
}
