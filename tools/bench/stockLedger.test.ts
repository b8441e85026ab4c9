import { describe, expect, it } from 'vitest';
import { checkConservation, type Ledger } from './stockLedger.js';

const before: Ledger = { stock: { bread: 1000, cheese: 1000 }, held: { bread: 4, cheese: 2 }, toasties: 2 };

describe('checkConservation', () => {
  it.each([
    {
      name: 'every unit taken is in a toastie',
      after: { stock: { bread: 994, cheese: 997 }, held: { bread: 10, cheese: 5 }, toasties: 5 },
      ok: true,
      mismatches: {},
    },
    {
      name: 'stock taken that no toastie holds is lost',
      after: { stock: { bread: 992, cheese: 997 }, held: { bread: 10, cheese: 5 }, toasties: 5 },
      ok: false,
      mismatches: { bread: 2 },
    },
    {
      name: 'a toastie holding what was never taken is flagged too',
      after: { stock: { bread: 994, cheese: 998 }, held: { bread: 10, cheese: 5 }, toasties: 5 },
      ok: false,
      mismatches: { cheese: -1 },
    },
    {
      name: 'an ingredient only toasties know about counts as taken from nothing',
      after: { stock: { bread: 1000, cheese: 1000 }, held: { bread: 4, cheese: 2, ham: 1 }, toasties: 3 },
      ok: false,
      mismatches: { ham: -1 },
    },
  ])('$name', ({ after, ok, mismatches }) => {
    const conservation = checkConservation(before, after as Ledger);
    expect(conservation.ok).toBe(ok);
    expect(conservation.mismatches).toEqual(mismatches);
    expect(conservation.toastiesMade).toBe(after.toasties - before.toasties);
  });
});
