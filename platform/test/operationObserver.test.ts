import { describe, expect, it } from 'vitest';
import { operationLogLevel } from '../operationObserver.js';

// The kiosk's polls out of the way at info: each operation's per-request line, and the level it is logged at.

const cases: { name: string; operation: string; outcome: 'success' | 'error'; level: 'info' | 'debug' }[] = [
  { name: "the kiosk's stock poll", operation: 'Stock', outcome: 'success', level: 'debug' },
  { name: "the kiosk's status poll", operation: 'MachineStatus', outcome: 'success', level: 'debug' },
  { name: "a subgraph's part of a poll", operation: 'Stock__chillybin__0', outcome: 'success', level: 'debug' },
  { name: "the gateway's readiness probe", operation: 'GatewayReadiness', outcome: 'success', level: 'debug' },
  { name: 'a poll that failed', operation: 'Stock', outcome: 'error', level: 'info' },
  { name: 'an order', operation: 'MakeToastie', outcome: 'success', level: 'info' },
  { name: 'a name that only starts like a poll', operation: 'StockLevels', outcome: 'success', level: 'info' },
  { name: 'an anonymous operation', operation: 'anonymous', outcome: 'success', level: 'info' },
];

describe('operationLogLevel', () => {
  it.each(cases)('$name: $level', ({ operation, outcome, level }) => {
    expect(operationLogLevel(operation, outcome)).toBe(level);
  });
});
