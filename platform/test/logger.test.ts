import { describe, expect, it } from 'vitest';
import { createLogger, logFormatFor, prettyLogLine, type LogFormat } from '../logger.js';

// How the services' logs read: the format chosen for where they go, pretty
// lines a person can read.

function capture(format: LogFormat, level: 'info' | 'debug' = 'info') {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'chillybin',
    version: '1.2.3',
    level,
    format,
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { logger, lines };
}

describe('logFormatFor', () => {
  const cases: {
    name: string;
    setting?: string;
    nodeEnv?: string;
    isTTY?: boolean;
    format: LogFormat;
  }[] = [
    { name: 'a terminal in development', isTTY: true, format: 'pretty' },
    { name: 'a terminal, NODE_ENV unset', isTTY: true, nodeEnv: undefined, format: 'pretty' },
    { name: 'a terminal in production', isTTY: true, nodeEnv: 'production', format: 'json' },
    { name: 'a pipe in development', isTTY: false, nodeEnv: 'development', format: 'json' },
    { name: 'no stdout to ask', isTTY: undefined, format: 'json' },
    { name: 'LOG_FORMAT=json on a terminal', setting: 'json', isTTY: true, format: 'json' },
    { name: 'LOG_FORMAT=pretty on a pipe', setting: 'pretty', isTTY: false, format: 'pretty' },
    { name: 'LOG_FORMAT=pretty in production', setting: 'pretty', nodeEnv: 'production', format: 'pretty' },
  ];

  it.each(cases)('$name → $format', ({ setting, nodeEnv = 'development', isTTY, format }) => {
    expect(logFormatFor({ setting, nodeEnv, isTTY })).toBe(format);
  });
});

describe('createLogger', () => {
  it('writes one JSON object per line, with the service and version', () => {
    const { logger, lines } = capture('json');
    logger.info({ url: 'http://127.0.0.1:4001' }, 'chillybin ready');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 30,
      service: 'chillybin',
      version: '1.2.3',
      url: 'http://127.0.0.1:4001',
      msg: 'chillybin ready',
    });
  });

  it('writes pretty lines: time, level, service, message, then the other fields', () => {
    const { logger, lines } = capture('pretty');
    logger.warn({ signal: 'SIGTERM' }, 'chillybin shutting down');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: chillybin chillybin shutting down \{"signal":"SIGTERM"\}\n$/,
    );
  });
});

describe('prettyLogLine', () => {
  const pretty = prettyLogLine({ colorize: false });
  const cases: { name: string; line: string; shown: RegExp }[] = [
    {
      name: 'a JSON line from a service',
      line: '{"level":30,"time":1764489600000,"pid":1,"hostname":"h","service":"gateway","version":"0.1.0","msg":"gateway ready"}',
      shown: /^\[\d\d:\d\d:\d\d\.000\] INFO: gateway {3}gateway ready\n$/,
    },
    {
      name: 'an error',
      line: '{"level":50,"time":1764489600000,"service":"jafflr","msg":"unexpected error in resolver"}',
      shown: /^\[\d\d:\d\d:\d\d\.000\] ERROR: jafflr {4}unexpected error in resolver\n$/,
    },
    {
      name: 'a line that is not JSON',
      line: 'Gateway successfully loaded schema.',
      shown: /^Gateway successfully loaded schema\.\n$/,
    },
  ];

  it.each(cases)('$name', ({ line, shown }) => {
    expect(pretty(line)).toMatch(shown);
  });
});
