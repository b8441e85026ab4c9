import { SUBGRAPH_SECRET_HEADER } from '../platform/secrets.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { ChillybinClient } from '../subgraphs/jafflr/src/chillybin/ChillybinClient.js';
import { ChillybinPicker } from '../subgraphs/jafflr/src/toasties/ChillybinPicker.js';
import { useToastieSystem } from './support/toastieSteps.js';

// The v2 pick when chillybin's answer is lost on the way back: it did take the stock, jafflr cannot know.
// The order id chosen before calling makes the retry safe, and cancelling it (the settler's undo) settles what is still unknown.

/** A proxy in front of chillybin that lets each call through but loses the answer of the ones `drop` picks. */
function lossyProxy(upstream: string, drop: (body: string, call: number) => boolean) {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString();
      const call = body.includes('pickIngredients') ? ++calls : 0;
      const secret = String(req.headers[SUBGRAPH_SECRET_HEADER] ?? '');
      const answer = await fetch(upstream, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SUBGRAPH_SECRET_HEADER]: secret },
        body,
      });
      const text = await answer.text();
      if (call && drop(body, call)) {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(text);
    });
  });
  return {
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const { system, steps } = useToastieSystem();
const logger = createLogger({ service: 'test', version: 'test', level: 'silent' });

const cases = [
  {
    name: 'the first answer is lost: the retry returns the recorded order',
    drop: (_: string, call: number) => call === 1,
    code: undefined,
    status: 'PICKED',
    cheese: 8,
  },
  {
    name: 'every answer is lost: undoing cancels the order and stock goes back',
    drop: () => true,
    code: 'CHILLYBIN_UNAVAILABLE',
    status: 'CANCELLED',
    cheese: 10,
  },
];

describe('a v2 pick when answers are lost', () => {
  it.each(cases)('$name', async ({ drop, code, status, cheese }) => {
    const proxy = lossyProxy(system().urls.chillybin, drop);
    const client = new ChillybinClient({
      urls: [await proxy.listen()],
      timeoutMs: 2000,
      subgraphSecret: system().secrets.subgraph,
    });
    const orderId = `lost-${status}`;
    try {
      const picker = new ChillybinPicker(client);
      const undo = [{ kind: 'cancelOrder', orderId } as const];
      const scope = { requestId: `test-${orderId}`, logger };
      const result = await picker.pick(undo, ['cheese', 'cheese'], 'fran', scope);
      expect(result.ok ? undefined : (result.error as { extensions: { code: string } }).extensions.code).toBe(code);
      // What the settler does for a toastie whose pick failed and may have taken.
      if (!result.ok) await picker.undo(undo[0]!, scope);
    } finally {
      await client.close();
      await proxy.close();
    }
    expect((await steps.stockLevels()).cheese).toBe(cheese);
    // Listed under fran, so chillybin did take it (a tombstone has no customer), then kept it or gave it back.
    expect((await steps.orders('fran')).find((o) => o.id === orderId)?.status).toBe(status);
  });
});
