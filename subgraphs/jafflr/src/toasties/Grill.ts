import { setTimeout as sleep } from 'node:timers/promises';
import type { Doneness } from '../generated/graphql.js';
import { COOKING_MS } from './rules.js';

/** The machine's hot plates: knows how long to cook, and whether anything is cooking. */
export class Grill {
  private cooking = 0;

  constructor(private readonly timeScale: number) {}

  get isToasting(): boolean {
    return this.cooking > 0;
  }

  /** How long a toastie of this doneness cooks, scaled. */
  cookingMs(doneness: Doneness): number {
    return COOKING_MS[doneness] * this.timeScale;
  }

  async cook(doneness: Doneness): Promise<void> {
    this.cooking += 1;
    try {
      const ms = this.cookingMs(doneness);
      if (ms > 0) await sleep(ms);
    } finally {
      this.cooking -= 1;
    }
  }
}
