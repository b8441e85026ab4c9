import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface DelayingProxy {
  url: string;
  /** How long each answer from upstream is held back; requests always pass at once. */
  delayMs: number;
  /** Pieces of answers held back, then passed on to a client still waiting for them. */
  lateAnswers: number;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a service that passes requests straight through and
 * holds back what comes back, so the service does the work but answers late.
 */
export async function startDelayingProxy(upstreamPort: number, path = '/graphql'): Promise<DelayingProxy> {
  const sockets = new Set<Socket>();
  const proxy = { delayMs: 0, lateAnswers: 0 } as DelayingProxy;
  const server = createServer((client) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    // Chunks keep their order even when the delay changes halfway through.
    let releaseAt = 0;
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => setTimeout(() => client.destroy(), Math.max(0, releaseAt - Date.now())));
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      releaseAt = Math.max(releaseAt, Date.now() + proxy.delayMs);
      const wait = releaseAt - Date.now();
      if (wait <= 0) client.write(chunk);
      else
        setTimeout(() => {
          if (client.destroyed) return;
          proxy.lateAnswers += 1;
          client.write(chunk);
        }, wait);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return proxy;
}
