import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSystem, type System } from './system.js';

export const MAKE = /* GraphQL */ `
  mutation Make($input: MakeToastieInput!) {
    makeToastie(input: $input) { id customer ingredients { name } }
  }
`;
const RESTOCK = /* GraphQL */ `
  mutation Restock($levels: [StockLevelInput!]) { restock(levels: $levels) { name } }
`;
const ADD_INGREDIENT = /* GraphQL */ `
  mutation AddIngredient($name: String!) { addIngredient(input: { name: $name }) { name } }
`;
const ORDERS = /* GraphQL */ `
  query Orders($customer: String) { orders(customer: $customer, limit: 100) { id customer status items { name quantity } } }
`;

export interface OrderSeen {
  id: string;
  customer: string | null;
  status: string;
  items: { name: string; quantity: number }[];
}

/** Steps the toastie tests share, each one a request through the gateway of the system `running` gives. */
export function toastieSteps(running: () => Pick<System, 'gateway' | 'admin'>) {
  const system = {
    get gateway() {
      return running().gateway;
    },
    get admin() {
      return running().admin;
    },
  };
  return {
    async stockLevels(): Promise<Record<string, number>> {
      const { stock } = await system.gateway.data<{ stock: { name: string; quantity: number }[] }>(
        `{ stock { name quantity } }`,
      );
      return Object.fromEntries(stock.map((i) => [i.name, i.quantity]));
    },
    async restock(levels?: { name: string; quantity: number }[]) {
      await system.admin.data(RESTOCK, { levels });
    },
    /** Adds each ingredient the chilly bin does not have yet (none of it), so that restock can set its level. */
    async addIngredients(names: string[]) {
      for (const name of names) {
        const result = await system.admin.request(ADD_INGREDIENT, { name });
        const code = result.errors?.[0]?.extensions?.code;
        if (code !== undefined && code !== 'CONFLICT')
          throw new Error(`addIngredient ${name}: ${JSON.stringify(result.errors)}`);
      }
    },
    async orders(customer?: string): Promise<OrderSeen[]> {
      return (await system.gateway.data<{ orders: OrderSeen[] }>(ORDERS, { customer })).orders;
    },
    /** The made toasties, newest first: a failed one must never show here. */
    async toastieIds(): Promise<string[]> {
      return (await system.gateway.data<{ toasties: { id: string }[] }>(`{ toasties(last: 100) { id } }`)).toasties.map(
        (t) => t.id,
      );
    },
    make(input: Record<string, unknown>) {
      return system.gateway.request<{
        makeToastie: { id: string; customer: string | null; ingredients: { name: string }[] };
      }>(MAKE, { input });
    },
  };
}

/**
 * A whole system for the tests of one file or `describe`, started before them
 * and stopped after, with the toastie steps over it; by default the stock is
 * restocked before each test. `system()` is the running system.
 */
export function useToastieSystem(env: Record<string, string> = {}, { restockEachTest = true } = {}) {
  let system: System | undefined;
  const running = () => {
    if (!system) throw new Error('the system is started in beforeAll');
    return system;
  };
  beforeAll(async () => {
    system = await startSystem(env);
  });
  afterAll(() => system?.stop());
  const steps = toastieSteps(running);
  if (restockEachTest) beforeEach(() => steps.restock());
  return { system: running, steps };
}
