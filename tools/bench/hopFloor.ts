import http from 'node:http';
import { Pool } from 'undici';
import { readBody } from '../../platform/graphqlHandler.js';
import { SUBGRAPH_SECRET_HEADER } from '../../platform/secrets.js';

// The HTTP hops alone, as a gateway entry point for the benchmark's variant:
//   npm run bench -- --variant-entry tools/bench/hopFloor.ts --only i1,i2,iv,ir
// Not a gateway: it sends each request's body to chillybin unchanged (so only
// documents chillybin answers by itself, such as `ingredient`) and answers
// with chillybin's answer. What it spends per request is what any Node gateway
// spends on the client's hop and the subgraph's before doing any GraphQL: the
// floor under our gateway's CPU per request. It answers /ready for the
// benchmark's start-up, and stops on SIGTERM.

const port = Number(process.env.GATEWAY_PORT);
const MAX_BODY_BYTES = 1024 * 1024;
const chillybin = new URL(process.env.CHILLYBIN_URL ?? '');
const pool = new Pool(chillybin.origin);
const headers = {
  'content-type': 'application/json',
  [SUBGRAPH_SECRET_HEADER]: process.env.SUBGRAPH_SECRET ?? '',
};

const server = http.createServer((req, res) => {
  if (req.url === '/ready' || req.url === '/health') return void res.end('ok');
  // The gateway's own body reader, so that the floor reads a request as the gateway does.
  readBody(req, MAX_BODY_BYTES)
    .then((requestBody) => pool.request({ path: chillybin.pathname, method: 'POST', headers, body: requestBody }))
    .then(async ({ statusCode, headers: answered, body }) => {
      const contentType = answered['content-type'];
      res.writeHead(statusCode, typeof contentType === 'string' ? { 'content-type': contentType } : {});
      res.end(await body.text());
    })
    .catch((err: unknown) => {
      res.writeHead(502).end(String(err));
    });
});

server.listen(port, '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  void pool.close();
});
