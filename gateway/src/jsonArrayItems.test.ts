import { describe, expect, it } from 'vitest';
import { jsonArrayItems } from './jsonArrayItems.js';

describe('jsonArrayItems', () => {
  it.each([
    { name: 'an empty array', text: '[]', items: [] },
    { name: 'an empty array with spaces', text: ' [ ] \n', items: [] },
    {
      name: 'responses, as Apollo Server joins them',
      text: '[{"data":{"a":1}},{"data":null}]',
      items: ['{"data":{"a":1}}', '{"data":null}'],
    },
    { name: 'scalars', text: '[1,"two",true,null,-3.5e2]', items: ['1', '"two"', 'true', 'null', '-3.5e2'] },
    {
      name: 'commas and brackets inside strings',
      text: '["a,b","]","[{","}"]',
      items: ['"a,b"', '"]"', '"[{"', '"}"'],
    },
    {
      name: 'escaped quotes and backslashes',
      text: '["a\\"],[","b\\\\",{"k\\\\\\"":"v"}]',
      items: ['"a\\"],["', '"b\\\\"', '{"k\\\\\\"":"v"}'],
    },
    {
      name: 'nested arrays and objects',
      text: '[[1,[2,3]],{"a":[{"b":{}}]}]',
      items: ['[1,[2,3]]', '{"a":[{"b":{}}]}'],
    },
    { name: 'whitespace between items', text: '[ {"a" : 1} ,\n\t2 ]', items: ['{"a" : 1}', '2'] },
  ])('cuts $name', ({ text, items }) => {
    expect(jsonArrayItems(text)).toEqual(items);
  });

  it.each([
    { name: 'an object', text: '{"data":{}}' },
    { name: 'an empty text', text: '' },
    { name: 'text before the array', text: 'x[1]' },
    { name: 'text after the array', text: '[1] x' },
    { name: 'a trailing comma', text: '[1,]' },
    { name: 'a leading comma', text: '[,1]' },
    { name: 'an unclosed array', text: '[1,2' },
    { name: 'an unclosed string', text: '["a]' },
    { name: 'an unclosed object', text: '[{"a":1]' },
    { name: 'a brace closed twice', text: '[{}}]' },
    { name: 'Apollo Server refusing a batch', text: '{"errors":[{"message":"Operation batching disabled."}]}' },
  ])('refuses $name', ({ text }) => {
    expect(jsonArrayItems(text)).toBeUndefined();
  });

  it('gives back what JSON.stringify joined, item by item, for any JSON value', () => {
    const values: unknown[] = [
      { data: { toasties: [{ id: 'a', ingredients: [{ name: 'cheese', quantity: 3 }] }] } },
      { errors: [{ message: 'no "quotes", [brackets] or {braces} count', extensions: { code: 'X' } }] },
      'a string with \\ and \n and \u2028 and "',
      [],
      {},
      0,
      null,
      { nested: [[[{ deep: ['}', ']', ','] }]]] },
    ];
    const items = jsonArrayItems(JSON.stringify(values));
    expect(items).toHaveLength(values.length);
    expect(items!.map((item) => JSON.parse(item) as unknown)).toEqual(values);
  });
});
