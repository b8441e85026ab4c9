import { ObjectId } from 'mongodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/databases.js';
import { checkAnswers, planBurst, tally, type Answer, type ToastieRequest } from '../support/toastieBurst.js';

// The crash test's checks of what clients were told, each against a database
// that breaks one rule, since a correct system never shows them.

const jafflr = useTestDatabase('jafflr');

const keyed: ToastieRequest = { fillings: ['cheese'], customer: 'k-c0', idempotencyKey: 'k-key-0' };
const plain: ToastieRequest = { fillings: ['cheese', 'tomato'], customer: null, idempotencyKey: null };
const [A, B] = [new ObjectId(), new ObjectId()];
const made = (
  _id: ObjectId,
  request: ToastieRequest,
  status?: string,
  ingredients = [...request.fillings, 'bread', 'bread'],
) => ({
  _id,
  ingredients,
  customer: request.customer,
  ...(status ? { status } : {}),
});
const told = (request: ToastieRequest, id: ObjectId, phase: Answer['phase'] = 'burst'): Answer => ({
  request,
  phase,
  outcome: { id: id.toHexString() },
});

beforeEach(async () => {
  await jafflr.db.collection('toasties').deleteMany({});
  await jafflr.db.collection('toastie_keys').deleteMany({});
});

describe('checkAnswers', () => {
  it.each([
    {
      name: 'a made toastie for a key, told twice, the key naming it',
      toasties: [made(A, keyed, 'MADE'), made(B, plain)],
      key: A,
      answers: [told(keyed, A), told(keyed, A, 'retry'), told(plain, B)],
      problems: [],
    },
    {
      name: 'a toastie told as made that is not there',
      toasties: [],
      answers: [told(plain, A)],
      problems: [/is not in the database/],
    },
    {
      name: 'a toastie told as made that failed',
      toasties: [made(A, plain, 'FAILED')],
      answers: [told(plain, A)],
      problems: [/is FAILED/],
    },
    {
      name: 'a toastie that holds something else than ordered',
      toasties: [made(A, plain, 'MADE', ['cheese', 'bread', 'bread'])],
      answers: [told(plain, A)],
      problems: [/not what was ordered/],
    },
    {
      name: 'two toasties made for one key',
      toasties: [made(A, keyed, 'MADE'), made(B, keyed)],
      key: A,
      answers: [told(keyed, A)],
      problems: [/2 toasties made/],
    },
    {
      name: 'the key naming another toastie than the one made',
      toasties: [made(A, keyed, 'MADE')],
      key: B,
      answers: [{ request: keyed, phase: 'burst' as const, outcome: { code: 'SUBGRAPH_UNAVAILABLE' } }],
      problems: [/toastie_keys names/],
    },
    {
      name: 'clients of one key told of different toasties',
      toasties: [made(A, keyed, 'MADE'), made(B, keyed, 'FAILED')],
      key: A,
      answers: [told(keyed, A), told(keyed, B, 'retry')],
      problems: [/is FAILED/, /different toasties/],
    },
  ])('$name', async ({ toasties, key, answers, problems }) => {
    if (toasties.length > 0) await jafflr.db.collection('toasties').insertMany(toasties);
    if (key)
      await jafflr.db
        .collection('toastie_keys')
        .insertOne({ _id: keyed.idempotencyKey as never, toastieId: key.toHexString() });
    const found = await checkAnswers(answers, jafflr.db);
    expect(found).toHaveLength(problems.length);
    problems.forEach((pattern, i) => expect(found[i]).toMatch(pattern));
  });
});

describe('planBurst and tally', () => {
  it('keys every keyEvery-th order, each with a customer of its own', () => {
    const requests = planBurst({ size: 9, menu: [['cheese'], ['cheese', 'ham']], keyEvery: 4, tag: 't1' });
    expect(requests.filter((r) => r.idempotencyKey).map((r) => [r.idempotencyKey, r.customer])).toEqual([
      ['t1-key-0', 't1-c0'],
      ['t1-key-4', 't1-c4'],
      ['t1-key-8', 't1-c8'],
    ]);
    expect(requests[3]!.fillings).toEqual(['cheese', 'ham']);
  });

  it('counts answers by kind', () => {
    const answers = [told(plain, A), { request: plain, phase: 'burst', outcome: { code: 'OUT_OF_STOCK' } } as Answer];
    expect(tally(answers)).toEqual({ MADE: 1, OUT_OF_STOCK: 1 });
  });
});
