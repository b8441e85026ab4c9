import { Writable } from 'node:stream';

/** A destination for a logger (pino's JSON lines), and the lines written to it so far, parsed. */
export function logLines<T = Record<string, unknown>>(): { logs: Writable; lines: T[] } {
  const lines: T[] = [];
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as T);
      done();
    },
  });
  return { logs, lines };
}
