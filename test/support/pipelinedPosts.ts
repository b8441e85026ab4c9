import { connect } from 'node:net';

export interface PipelinedAnswer {
  status: number;
  body: string;
}

/**
 * POSTs every body to `url` over one connection, all the requests in a single
 * write (HTTP/1.1 pipelining), and reads the answers in order: the requests
 * reach the server in one read, as a burst of clients' requests arriving at
 * once does. Answers must carry a Content-Length, as the gateway's do.
 */
export function pipelinedPosts(
  url: string,
  bodies: string[],
  headers: Record<string, string> = {},
): Promise<PipelinedAnswer[]> {
  const { hostname, port, pathname } = new URL(url);
  const head = Object.entries({ host: `${hostname}:${port}`, 'content-type': 'application/json', ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const requests = bodies.map(
    (body) => `POST ${pathname} HTTP/1.1\r\n${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(requests.join('')));
    const answers: PipelinedAnswer[] = [];
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      for (;;) {
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        const lines = received.subarray(0, end).toString('latin1').split('\r\n');
        const length = lines.map((line) => /^content-length:\s*(\d+)$/i.exec(line)?.[1]).find(Boolean);
        if (length === undefined)
          return void socket.destroy(new Error(`an answer without Content-Length: ${lines[0]}`));
        if (received.length < end + 4 + Number(length)) return;
        const status = Number(lines[0]!.split(' ')[1]);
        answers.push({ status, body: received.subarray(end + 4, end + 4 + Number(length)).toString('utf8') });
        received = received.subarray(end + 4 + Number(length));
        if (answers.length === bodies.length) {
          socket.end();
          return resolve(answers);
        }
      }
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`the connection closed after ${answers.length} answers`)));
  });
}
