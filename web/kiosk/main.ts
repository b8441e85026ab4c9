import {
  MachineStatusDocument,
  MakeToastieDocument,
  StockDocument,
  type Doneness,
  type MakeToastieMutation,
  type MakeToastieMutationVariables,
  type StockQuery,
} from '../generated/graphql.js';
import { friendlyError } from './friendlyError.js';
import { GraphQLRequestError, request } from './graphqlClient.js';
import { OrderKeys, isRetryable } from './orderKeys.js';
import './kiosk.css';

/** A label for each doneness in the schema, in the order offered: a new one fails the typecheck until it has one. */
const DONENESS_LABELS = {
  LIGHT: 'Light',
  MEDIUM: 'Medium',
  WELL_DONE: 'Well done',
  BURNT: 'Burnt',
} satisfies Record<Doneness, string>;
const DONENESS = Object.entries(DONENESS_LABELS).map(([value, label]) => ({ value, label }));
/** Bread goes into every toastie by itself, so it is not offered as a filling. */
const NOT_A_FILLING = new Set(['bread']);
const LOW_STOCK = 3;
/**
 * How often the kiosk asks for the stock and the machine's status, while it is on screen: two small persisted
 * queries, which the gateway answers once for all kiosks asking at the same moment.
 */
const POLL_MS = 2000;
/** How long the kiosk waits before sending an order again, once, after a failure that may not be final. */
const RETRY_AFTER_MS = 500;
const orderKeys = new OrderKeys();

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const stockBody = byId<HTMLTableElement>('stock').tBodies[0]!;
const fillings = byId<HTMLDivElement>('fillings');
const doneness = byId<HTMLDivElement>('doneness');
const form = byId<HTMLFormElement>('order');
const makeButton = byId<HTMLButtonElement>('make');
const result = byId<HTMLParagraphElement>('result');
const machineStatus = byId<HTMLElement>('machine-status');

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string | boolean> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function showResult(text: string, outcome: 'made' | 'error' | 'busy'): void {
  result.textContent = text;
  result.dataset.outcome = outcome;
}

/** The stock last shown, so that a poll that finds nothing changed touches nothing on the page. */
let shownStock = '';

function renderStock(stock: StockQuery['stock']): void {
  const seen = JSON.stringify(stock);
  if (seen === shownStock) return;
  const firstRender = shownStock === '';
  shownStock = seen;

  stockBody.replaceChildren(
    ...stock.map((item) => {
      const row = element(
        'tr',
        { className: item.quantity === 0 ? 'out' : item.quantity <= LOW_STOCK ? 'low' : '' },
        element('td', {}, item.name, element('span', { className: 'description' }, item.description)),
        element('td', { className: 'quantity' }, String(item.quantity)),
      );
      row.dataset.ingredient = item.name;
      return row;
    }),
  );

  // The fillings are rebuilt only when the ingredients themselves change, so that a poll never takes the focus away.
  const offered = stock.filter((item) => !NOT_A_FILLING.has(item.name));
  const boxes = () => Array.from(fillings.querySelectorAll<HTMLInputElement>('input[name=filling]'));
  const shownNames = boxes().map((box) => box.value);
  if (offered.map((item) => item.name).join() !== shownNames.join()) {
    const chosen = new Set(chosenFillings());
    fillings.replaceChildren(
      ...offered.map((item) =>
        element(
          'label',
          {},
          element('input', {
            type: 'checkbox',
            name: 'filling',
            value: item.name,
            checked: firstRender ? item.name === 'cheese' : chosen.has(item.name),
          }),
          item.name,
        ),
      ),
    );
  }
  boxes().forEach((box, i) => {
    // None left: it cannot be chosen, and a choice of it made earlier is dropped.
    box.disabled = offered[i]!.quantity === 0;
    if (box.disabled) box.checked = false;
  });
}

function chosenFillings(): string[] {
  return Array.from(fillings.querySelectorAll<HTMLInputElement>('input[name=filling]:checked'), (input) => input.value);
}

function chosenDoneness(): Doneness {
  return (
    (doneness.querySelector<HTMLInputElement>('input[name=doneness]:checked')?.value as Doneness | undefined) ?? 'LIGHT'
  );
}

async function refreshStock(): Promise<void> {
  const { stock } = await request(StockDocument);
  renderStock(stock);
}

async function refreshStatus(): Promise<void> {
  try {
    const { status } = await request(MachineStatusDocument);
    machineStatus.textContent = status === 'TOASTING' ? 'toasting' : 'available';
    machineStatus.dataset.status = status;
  } catch {
    machineStatus.textContent = 'not answering';
    machineStatus.dataset.status = 'UNKNOWN';
  }
}

function describe(names: string[]): string {
  const fillingNames = names.filter((n) => !NOT_A_FILLING.has(n));
  return fillingNames.length <= 1
    ? fillingNames.join('')
    : `${fillingNames.slice(0, -1).join(', ')} and ${fillingNames.at(-1)}`;
}

/** Sends the order, and once more under the same key if the first answer may not have been final. */
async function sendOrder(order: { fillings: string[]; doneness: Doneness }): Promise<MakeToastieMutation> {
  const idempotencyKey = orderKeys.keyFor(order);
  for (let attempt = 1; ; attempt++) {
    try {
      const made = await request(MakeToastieDocument, {
        ...order,
        idempotencyKey,
      } satisfies MakeToastieMutationVariables);
      orderKeys.answered(null);
      return made;
    } catch (err) {
      const code = err instanceof GraphQLRequestError ? err.errors[0]?.extensions?.code : undefined;
      orderKeys.answered(code);
      if (attempt >= 2 || !isRetryable(code)) throw err;
      await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
    }
  }
}

async function makeToastie(): Promise<void> {
  makeButton.disabled = true;
  showResult('Toasting…', 'busy');
  try {
    const { makeToastie: toastie } = await sendOrder({ fillings: chosenFillings(), doneness: chosenDoneness() });
    const done = DONENESS.find((d) => d.value === toastie.doneness)?.label.toLowerCase() ?? toastie.doneness;
    showResult(`Here is your ${done} ${describe(toastie.ingredients.map((i) => i.name))} toastie. Enjoy!`, 'made');
  } catch (err) {
    showResult(friendlyError(err instanceof GraphQLRequestError ? err.errors[0] : undefined), 'error');
  } finally {
    makeButton.disabled = false;
    await Promise.all([refreshStock().catch(() => undefined), refreshStatus()]);
  }
}

doneness.replaceChildren(
  ...DONENESS.map(({ value, label }) =>
    element(
      'label',
      {},
      element('input', { type: 'radio', name: 'doneness', value, checked: value === 'LIGHT' }),
      label,
    ),
  ),
);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  void makeToastie();
});

refreshStock().catch((err: unknown) =>
  showResult(friendlyError(err instanceof GraphQLRequestError ? err.errors[0] : undefined), 'error'),
);
void refreshStatus();

/** Stock changes elsewhere (other kiosks, restocking): the page keeps up by itself, but only while it is seen. */
function poll(): void {
  if (document.hidden) return;
  void refreshStock().catch(() => undefined);
  void refreshStatus();
}
setInterval(poll, POLL_MS);
document.addEventListener('visibilitychange', poll);
