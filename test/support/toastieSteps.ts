import type { System } from './system.js';

export const MAKE = /* GraphQL */ `
  mutation Make($input: MakeToastieInput!) {
    makeToastie(input: $input) { id customer ingredients { name } }
  }
`;
const RESTOCK = /* GraphQL */ `
  mutation Restock($levels: [StockLevelInput!]) { restock(levels: $levels) { name } }
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

/** Steps the toastie tests share, each one a request through the gateway. */
export function toastieSteps(system: System) {
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
    async orders(customer?: string): Promise<OrderSeen[]> {
      return (await system.gateway.data<{ orders: OrderSeen[] }>(ORDERS, { customer })).orders;
    },
    /** The made toasties, newest first: a failed one must never show here. */
    async toastieIds(): Promise<string[]> {
      return (await system.gateway.data<{ toasties: { id: string }[] }>(`{ toasties(last: 100) { id } }`)).toasties.map((t) => t.id);
    },
    make(input: Record<string, unknown>) {
      return system.gateway.request<{ makeToastie: { id: string; customer: string | null; ingredients: { name: string }[] } }>(
        MAKE,
        { input },
      );
    },
  };
}
