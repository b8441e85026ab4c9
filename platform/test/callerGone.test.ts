import { describe, expect, it } from 'vitest';
import { CallerGone } from '../requestScope.js';

describe('CallerGone', () => {
  it('tells each listener once when the caller goes, and only those still listening', () => {
    const caller = new CallerGone();
    const told: string[] = [];
    caller.whenGone(() => told.push('a'));
    const stopB = caller.whenGone(() => told.push('b'));
    caller.whenGone(() => told.push('c'));
    stopB();
    expect(caller.gone).toBe(false);

    caller.go();
    caller.go();

    expect(caller.gone).toBe(true);
    expect(told).toEqual(['a', 'c']);
  });

  it('lets a listener stop listening while it is being told, without skipping the others', () => {
    const caller = new CallerGone();
    const told: string[] = [];
    const stopA = caller.whenGone(() => {
      told.push('a');
      stopA();
    });
    caller.whenGone(() => told.push('b'));

    caller.go();

    expect(told).toEqual(['a', 'b']);
  });
});
