import http from 'node:http';
import { loadConfig } from '../../gateway/src/config.js';
import { readBody } from '../../platform/graphqlHandler.js';
import { SUBGRAPH_SECRET_HEADER } from '../../platform/secrets.js';
import { Endpoints } from '../../platform/upstream.js';
import { RECENT_TOASTIES, kioskHash, kioskOperations } from './traffic.js';

// The HTTP hops alone, as a gateway entry point for the benchmark's variant:
//   npm run bench -- --variant-entry tools/bench/hopFloor.ts --only i1,i2,iv,ir,t2,tv,tr
// Not a gateway: what it spends per request is what any Node gateway spends on
// the client's hop and the subgraphs' before doing any GraphQL of its own: the
// floor under our gateway's CPU per request. It knows two kinds of request:
// - the benchmark's toasties document (traffic.ts's TOASTIES_QUERY): two hops
//   with fixed documents, the ones a planner would send (jafflr's toasties,
//   then chillybin's _entities for the distinct ingredients, skipped when no
//   chillybin field is asked for), the answers merged in place;
// - the kiosk's requests (traffic.ts's kioskRequests): its persisted
//   operations, known by hash, and the recent toasties, each sent as the
//   fetches a planner would send (MachineStatus to jafflr, Stock to chillybin,
//   the recent toasties and MakeToastie to jafflr, then chillybin's _entities
//   for the distinct ingredients' quantity);
// - anything else: its body is sent to chillybin unchanged (so only documents
//   chillybin answers by itself, such as `ingredient`), and chillybin's answer
//   is the answer.
// No validation, no error handling beyond a 502. It answers /ready for the
// benchmark's start-up, and stops on SIGTERM.

const port = Number(process.env.GATEWAY_PORT);
const MAX_BODY_BYTES = 1024 * 1024;
/** The gateway's own SUBGRAPH_TIMEOUT_MS, read from the same settings: a kiosk order waits its turn at the write gate for seconds, and the floor waits as long as ours. */
const TIMEOUT_MS = loadConfig(process.env, 'the hop floor').subgraphTimeoutMs;
// The gateway's own HTTP client (platform/upstream.ts), so that the floor is the hops as the gateway makes them.
const subgraph = (url: string | undefined) => new Endpoints([url ?? ''], { connectTimeoutMs: TIMEOUT_MS });
const subgraphs = { chillybin: subgraph(process.env.CHILLYBIN_URL), jafflr: subgraph(process.env.JAFFLR_URL) };
const headers = {
  'content-type': 'application/json',
  [SUBGRAPH_SECRET_HEADER]: process.env.SUBGRAPH_SECRET ?? '',
};

const JAFFLR_TOASTIES =
  'query Toasties__jafflr__0($last:Int!,$doneness:Boolean!,$customer:Boolean!,$createdAt:Boolean!){toasties(last:$last){id doneness@include(if:$doneness) customer@include(if:$customer) createdAt@include(if:$createdAt) ingredients{__typename name}}}';
const CHILLYBIN_INGREDIENTS =
  'query Toasties__chillybin__1($representations:[_Any!]!,$quantity:Boolean!,$description:Boolean!){_entities(representations:$representations){...on Ingredient{quantity@include(if:$quantity) description@include(if:$description)}}}';

/** How the benchmark's toasties requests begin (traffic.ts's body()). */
const TOASTIES_BODY = '{"query":"query Toasties(';

interface Ingredient {
  name: string;
  [field: string]: unknown;
}
interface Answer<T> {
  data?: T;
}

async function post(name: keyof typeof subgraphs, body: string): Promise<{ status: number; text: string }> {
  const answer = await subgraphs[name].post({ body, headers }, { timeoutMs: TIMEOUT_MS });
  return { status: answer.status, text: answer.body };
}

const KIOSK_HASHES = kioskOperations();
const MACHINE_STATUS = kioskHash(KIOSK_HASHES, 'MachineStatus');
const STOCK = kioskHash(KIOSK_HASHES, 'Stock');
const MAKE_TOASTIE = kioskHash(KIOSK_HASHES, 'MakeToastie');
const JAFFLR_STATUS = JSON.stringify({ query: 'query MachineStatus__jafflr__0{status}' });
const CHILLYBIN_STOCK = JSON.stringify({ query: 'query Stock__chillybin__0{stock{description name quantity}}' });
const JAFFLR_RECENT = JSON.stringify({
  query: 'query RecentToasties__jafflr__0{toasties(last:20){id ingredients{__typename name}}}',
});
const JAFFLR_MAKE =
  'mutation MakeToastie__jafflr__0($doneness:Doneness$fillings:[String!]!$idempotencyKey:String){makeToastie(input:{fillings:$fillings doneness:$doneness idempotencyKey:$idempotencyKey}){createdAt doneness id ingredients{__typename name}}}';
const CHILLYBIN_QUANTITY =
  'query Kiosk__chillybin__1($representations:[_Any!]!){_entities(representations:$representations){...on Ingredient{quantity}}}';

/** A kiosk request's answer, or undefined for any other request. */
async function kiosk(requestBody: string): Promise<{ status: number; text: string } | undefined> {
  if (requestBody === RECENT_TOASTIES) {
    const first = await post('jafflr', JAFFLR_RECENT);
    const answer = JSON.parse(first.text) as Answer<{ toasties: { ingredients: Ingredient[] }[] }>;
    return {
      status: 200,
      text: JSON.stringify(await withIngredients(answer, answer.data?.toasties ?? [], CHILLYBIN_QUANTITY)),
    };
  }
  if (requestBody.includes(MACHINE_STATUS)) return post('jafflr', JAFFLR_STATUS);
  if (requestBody.includes(STOCK)) return post('chillybin', CHILLYBIN_STOCK);
  if (!requestBody.includes(MAKE_TOASTIE)) return undefined;
  const { variables } = JSON.parse(requestBody) as { variables: Record<string, unknown> };
  const first = await post('jafflr', JSON.stringify({ query: JAFFLR_MAKE, variables }));
  const answer = JSON.parse(first.text) as Answer<{ makeToastie: { ingredients: Ingredient[] } | null }>;
  const made = answer.data?.makeToastie;
  return {
    status: 200,
    text: JSON.stringify(made ? await withIngredients(answer, [made], CHILLYBIN_QUANTITY) : answer),
  };
}

/**
 * Each toastie's ingredients with the fields chillybin's `_entities` document
 * asks for, each distinct ingredient asked for once, and without the
 * `__typename` the planner's first fetch asked for.
 */
async function withIngredients<T>(
  answer: T,
  toasties: { ingredients: Ingredient[] }[],
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const names = [...new Set(toasties.flatMap((t) => t.ingredients.map((i) => i.name)))];
  const representations = names.map((name) => ({ __typename: 'Ingredient', name }));
  const second = await post('chillybin', JSON.stringify({ query, variables: { representations, ...variables } }));
  const entities = (JSON.parse(second.text) as Answer<{ _entities: Record<string, unknown>[] }>).data?._entities ?? [];
  const byName = new Map(names.map((name, i) => [name, entities[i]]));
  for (const toastie of toasties)
    for (const ingredient of toastie.ingredients) {
      Object.assign(ingredient, byName.get(ingredient.name));
      delete ingredient.__typename;
    }
  return answer;
}

async function toasties(variables: Record<string, boolean | number>): Promise<string> {
  const { last, doneness, customer, createdAt, quantity, description } = variables;
  const first = await post(
    'jafflr',
    JSON.stringify({ query: JAFFLR_TOASTIES, variables: { last, doneness, customer, createdAt } }),
  );
  const answer = JSON.parse(first.text) as Answer<{ toasties: { ingredients: Ingredient[] }[] }>;
  const list = answer.data?.toasties ?? [];
  if (quantity || description)
    return JSON.stringify(await withIngredients(answer, list, CHILLYBIN_INGREDIENTS, { quantity, description }));
  for (const toastie of list) for (const ingredient of toastie.ingredients) delete ingredient.__typename;
  return JSON.stringify(answer);
}

const server = http.createServer((req, res) => {
  if (req.url === '/ready' || req.url === '/health') return void res.end('ok');
  // The gateway's own body reader, so that the floor reads a request as the gateway does.
  readBody(req, MAX_BODY_BYTES)
    .then(async (requestBody) => {
      // Told apart without parsing, so that the one-hop floor stays the hops alone.
      const { status, text } =
        (await kiosk(requestBody)) ??
        (requestBody.startsWith(TOASTIES_BODY)
          ? {
              status: 200,
              text: await toasties(
                (JSON.parse(requestBody) as { variables: Record<string, boolean | number> }).variables,
              ),
            }
          : await post('chillybin', requestBody));
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(text);
    })
    .catch((err: unknown) => {
      res.writeHead(502).end(String(err));
    });
});

server.listen(port, '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  for (const endpoints of Object.values(subgraphs)) void endpoints.close();
});
