import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Histogram, type Registry } from 'prom-client';
import { ErrorCode, isStableCode } from './errors.js';
import type { Logger } from './logger.js';
import type { RequestScope } from './requestScope.js';

/** Operation names come from clients: past this many distinct ones, the rest count as `other`. */
const MAX_OPERATION_NAMES = 200;
const operationNamePattern = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/**
 * Operations asked again every few seconds, by operation name: the kiosk's
 * stock and machine status, and the gateway's readiness probe of each
 * subgraph (on every /ready). Their per-request line is logged at debug when
 * it succeeds, or they bury everything else; a failed one stays at info. The
 * gateway's fetches for an operation are named `<operation>__<subgraph>__<n>`,
 * so the subgraphs' lines for them go to debug too.
 */
export const POLLING_OPERATIONS: ReadonlySet<string> = new Set(['MachineStatus', 'Stock', 'GatewayReadiness']);

/** The level of an operation's per-request log line. */
export function operationLogLevel(operation: string, outcome: 'success' | 'error'): 'info' | 'debug' {
  if (outcome !== 'success') return 'info';
  // Without a split per request: the name up to a subgraph fetch's `__`, if any.
  const end = operation.indexOf('__');
  return POLLING_OPERATIONS.has(end === -1 ? operation : operation.slice(0, end)) ? 'debug' : 'info';
}

export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** One operation answered: its name, the stable codes of its errors, when it began (`process.hrtime.bigint()`). */
export interface OperationAnswer {
  operationName: string | null | undefined;
  codes: string[];
  started: bigint;
  /** The request's logger. */
  logger: Logger;
}

export interface OperationObserver {
  plugin: ApolloServerPlugin<Partial<RequestScope>>;
  /** Counts a request refused before it reached Apollo (no secret, body too large, not JSON). */
  rejected(code: string): void;
  /** Measures and logs one operation the service answered without Apollo, as the plugin does one Apollo answered. */
  answered(answer: OperationAnswer): void;
}

/**
 * One Apollo plugin for every service: a log line per GraphQL operation
 * (name, outcome, duration, request id) and Prometheus metrics for the same.
 * Metrics are registered once here; a request only observes and increments.
 */
export function createOperationObserver({
  registry,
  logger,
}: {
  registry: Registry;
  logger: Logger;
}): OperationObserver {
  const duration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time from receiving a GraphQL operation to sending its response, by operation name and outcome (its _count is the number of operations)',
    labelNames: ['operation', 'outcome'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors returned, by operation name and extensions.code',
    labelNames: ['operation', 'code'],
    registers: [registry],
  });
  const seenNames = new Set<string>();

  function operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!operationNamePattern.test(name)) return 'invalid';
    if (seenNames.has(name)) return name;
    if (seenNames.size >= MAX_OPERATION_NAMES) return 'other';
    seenNames.add(name);
    return name;
  }

  function answered({ operationName, codes, started, logger: log }: OperationAnswer): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const operation = operationLabel(operationName);
    const outcome = codes.length === 0 ? 'success' : 'error';
    duration.observe({ operation, outcome }, seconds);
    for (const code of codes) errors.inc({ operation, code });
    // The request's child logger already carries its id.
    log[operationLogLevel(operation, outcome)](
      {
        operation,
        outcome,
        durationMs: Math.round(seconds * 1e4) / 10,
        ...(codes.length > 0 ? { errorCodes: codes } : {}),
      },
      'graphql operation',
    );
  }

  const plugin: ApolloServerPlugin<Partial<RequestScope>> = {
    async invalidRequestWasReceived() {
      errors.inc({ operation: 'invalid', code: ErrorCode.BAD_REQUEST });
    },
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ request, operationName, response }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          const codes = (result.errors ?? []).map(({ extensions }) =>
            isStableCode(extensions?.code) ? extensions.code : 'OTHER',
          );
          answered({
            operationName: operationName ?? request.operationName,
            codes,
            started,
            logger: contextValue.logger ?? logger,
          });
        },
      };
    },
  };
  return { plugin, rejected: (code) => errors.inc({ operation: 'invalid', code }), answered };
}
