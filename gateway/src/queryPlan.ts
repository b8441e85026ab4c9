import type { GatewayConfig } from '@apollo/gateway';

/** What the gateway's `experimental_didResolveQueryPlan` is called with: a plan and the request it was made for. */
export type PlanResolved = Parameters<NonNullable<GatewayConfig['experimental_didResolveQueryPlan']>>[0];
/** A node of Apollo's query plan. */
export type PlanNode = NonNullable<PlanResolved['queryPlan']['node']>;
export type FetchNode = Extract<PlanNode, { kind: 'Fetch' }>;
