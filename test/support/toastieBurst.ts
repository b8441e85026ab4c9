import { ObjectId, type Db } from 'mongodb';
import type { GraphQLResult } from './graphqlClient.js';
import { MADE } from '../../tools/bench/stockLedger.js';

export interface ToastieRequest {
  fillings: string[];
  customer: string | null;
  idempotencyKey: string | null;
}

/** A toastie's id, or the error code it got instead; NO_ANSWER when the request itself failed. */
export type Outcome = { id: string } | { code: string };

export interface Answer {
  request: ToastieRequest;
  phase: 'burst' | 'retry';
  outcome: Outcome;
}

type Make = (input: Record<string, unknown>) => Promise<GraphQLResult<{ makeToastie: { id: string } }>>;

/**
 * `size` orders going round `menu`; every `keyEvery`-th has an idempotency key
 * and a customer of its own, so that the toasties made for one key can be
 * counted in jafflr's database by customer. `tag` keeps keys apart between
 * bursts, since jafflr remembers keys.
 */
export function planBurst({
  size,
  menu,
  keyEvery,
  tag,
}: {
  size: number;
  menu: string[][];
  keyEvery: number;
  tag: string;
}): ToastieRequest[] {
  return Array.from({ length: size }, (_, i) => {
    const keyed = i % keyEvery === 0;
    return {
      fillings: menu[i % menu.length]!,
      customer: keyed ? `${tag}-c${i}` : null,
      idempotencyKey: keyed ? `${tag}-key-${i}` : null,
    };
  });
}

/** Sends every request at once; `answered()` counts those answered so far, for placing a kill. */
export function sendAll(make: Make, requests: ToastieRequest[], phase: Answer['phase']) {
  let answered = 0;
  const done = Promise.all(
    requests.map(async (request): Promise<Answer> => {
      const { fillings, customer, idempotencyKey } = request;
      const input = { fillings, ...(customer ? { customer } : {}), ...(idempotencyKey ? { idempotencyKey } : {}) };
      let outcome: Outcome;
      try {
        const result = await make(input);
        const id = result.data?.makeToastie?.id;
        outcome = id ? { id } : { code: String(result.errors?.[0]?.extensions?.code ?? 'NO_CODE') };
      } catch {
        outcome = { code: 'NO_ANSWER' };
      }
      answered += 1;
      return { request, phase, outcome };
    }),
  );
  return { answered: () => answered, done };
}

/** How many answers of each kind: MADE for a toastie, else the error code. */
export function tally(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { outcome } of answers) {
    const kind = 'id' in outcome ? 'MADE' : outcome.code;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

interface ToastieDocument {
  _id: ObjectId | string;
  ingredients: string[];
  customer?: string | null;
  status?: string;
}

const sorted = (names: string[]) => [...names].sort().join(',');
const idOf = (id: string): ObjectId | string => (ObjectId.isValid(id) && id.length === 24 ? new ObjectId(id) : id);

/**
 * What clients were told, against jafflr's database: every toastie a client
 * got is MADE and holds what was ordered, and each idempotency key has at most
 * one MADE toastie, the one every success with that key named and the one
 * `toastie_keys` maps it to. Returns the problems found, none when all holds.
 */
export async function checkAnswers(answers: Answer[], jafflr: Db): Promise<string[]> {
  const problems: string[] = [];
  const toasties = jafflr.collection<ToastieDocument>('toasties');
  const successes = answers.flatMap((a) => ('id' in a.outcome ? [{ ...a, id: a.outcome.id }] : []));
  const ids = [...new Set(successes.map((s) => s.id))];
  const found = await toasties.find({ _id: { $in: ids.map(idOf) } } as object).toArray();
  const byId = new Map(found.map((t) => [String(t._id), t]));
  for (const { id, request } of successes) {
    const toastie = byId.get(id);
    if (!toastie) problems.push(`toastie ${id}, answered as made, is not in the database`);
    else if ((toastie.status ?? 'MADE') !== 'MADE')
      problems.push(`toastie ${id}, answered as made, is ${toastie.status}`);
    else if (sorted(toastie.ingredients) !== sorted([...request.fillings, 'bread', 'bread'])) {
      problems.push(
        `toastie ${id} holds ${toastie.ingredients.join(',')}, not what was ordered (${request.fillings.join(',')} and bread)`,
      );
    }
  }

  const keyed = [
    ...new Map(
      answers.filter((a) => a.request.idempotencyKey).map((a) => [a.request.idempotencyKey!, a.request]),
    ).values(),
  ];
  const madeFor = await toasties
    .find({ ...MADE, customer: { $in: keyed.map((r) => r.customer!) } } as object)
    .toArray();
  const keys = await jafflr
    .collection<{ _id: string; toastieId: string }>('toastie_keys')
    .find({ _id: { $in: keyed.map((r) => r.idempotencyKey!) } })
    .toArray();
  const keyOwner = new Map(keys.map((k) => [k._id, k.toastieId]));
  for (const { idempotencyKey: key, customer } of keyed) {
    const made = madeFor.filter((t) => t.customer === customer).map((t) => String(t._id));
    const told = [...new Set(successes.filter((s) => s.request.idempotencyKey === key).map((s) => s.id))];
    if (made.length > 1) problems.push(`key ${key}: ${made.length} toasties made (${made.join(', ')})`);
    if (told.length > 1) problems.push(`key ${key}: clients were told of different toasties (${told.join(', ')})`);
    if (made.length === 1 && keyOwner.get(key!) !== made[0]) {
      problems.push(
        `key ${key}: toastie_keys names ${keyOwner.get(key!) ?? 'nothing'}, the toastie made is ${made[0]}`,
      );
    }
  }
  return problems;
}
