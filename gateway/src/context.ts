import type { RequestScope } from '../../platform/requestScope.js';
import type { PrimedFetch } from './plannedFetch.js';

/** The gateway's per-request context: the request scope plus what is forwarded to subgraphs. */
export interface GatewayContext extends RequestScope {
  /** The client's `authorization` header, forwarded so that chillybin can check admin operations. */
  authorization?: string;
  /** Subgraph responses the plan shortcut fetched before handing the request to the query plan, in the plan's order. */
  primedFetches?: PrimedFetch[];
}
