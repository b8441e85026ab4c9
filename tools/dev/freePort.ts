import { createServer, type AddressInfo } from 'node:net';

/**
 * A TCP port nothing listens on right now, picked by the kernel: for a process
 * that must come back on the same port, or a URL where connecting is refused.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
