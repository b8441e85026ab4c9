import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrape, total, type Sample } from '../../tools/dev/prometheus.js';
import { startSystem, type System } from '../support/system.js';

// Scrapes every service's /metrics after some real traffic through the gateway.

let system: System;
const scraped: Record<'gateway' | 'chillybin' | 'jafflr', Sample[]> = { gateway: [], chillybin: [], jafflr: [] };

const MAKE =
  'mutation Make($i: [String!]!) { makeToastie(input: { ingredients: $i }) { id ingredients { quantity } } }';

beforeAll(async () => {
  system = await startSystem();
  await system.admin.data(
    `mutation Restock { restock(levels: [{ name: "cheese", quantity: 7 }, { name: "bread", quantity: 20 }]) { name } }`,
  );
  await system.gateway.data(MAKE, { i: ['cheese'] });
  await system.gateway.data(MAKE, { i: ['cheese'] });
  await system.gateway.request(MAKE, { i: ['vegemite'] });
  await system.gateway.request(`query Stock { stock { name quantity } }`);
  for (const name of ['gateway', 'chillybin', 'jafflr'] as const) scraped[name] = await scrape(system.urls[name]);
});
afterAll(() => system.stop());

describe('/metrics', () => {
  it("counts the gateway's operations by name and outcome, with latency buckets", () => {
    const { gateway } = scraped;
    expect(total(gateway, 'graphql_operation_duration_seconds_count', { operation: 'Make', outcome: 'success' })).toBe(
      2,
    );
    expect(total(gateway, 'graphql_operation_duration_seconds_count', { operation: 'Make', outcome: 'error' })).toBe(1);
    expect(total(gateway, 'graphql_operation_duration_seconds_count', { operation: 'Stock', outcome: 'success' })).toBe(
      1,
    );
    expect(total(gateway, 'graphql_operation_duration_seconds_bucket', { operation: 'Make', le: '+Inf' })).toBe(3);
  });

  it('counts errors by code', () => {
    expect(total(scraped.gateway, 'graphql_errors_total', { operation: 'Make', code: 'BAD_USER_INPUT' })).toBe(1);
    expect(total(scraped.jafflr, 'graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(1);
  });

  it("times the gateway's fetches from each subgraph", () => {
    for (const subgraph of ['chillybin', 'jafflr']) {
      expect(total(scraped.gateway, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph })).toBeGreaterThan(0);
    }
    expect(
      total(scraped.gateway, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'jafflr', outcome: 'error' }),
    ).toBe(1);
  });

  it("shows chillybin's stock per ingredient, read at scrape time", () => {
    expect(total(scraped.chillybin, 'chillybin_stock_quantity', { ingredient: 'cheese' })).toBe(5);
    expect(total(scraped.chillybin, 'chillybin_stock_quantity', { ingredient: 'bread' })).toBe(16);
    expect(total(scraped.chillybin, 'chillybin_stock_collect_success')).toBe(1);
  });

  it('counts the toasties jafflr made, not the refused one', () => {
    expect(total(scraped.jafflr, 'jafflr_toasties_made_total')).toBe(2);
  });

  it("counts chillybin's picks that jafflr made", () => {
    expect(
      total(scraped.chillybin, 'graphql_operation_duration_seconds_count', { operation: 'Pick', outcome: 'success' }),
    ).toBe(4);
  });

  it.each(['gateway', 'chillybin', 'jafflr'] as const)(
    'every %s metric carries the service and its version',
    (service) => {
      expect(scraped[service].length).toBeGreaterThan(0);
      for (const sample of scraped[service]) {
        expect({ name: sample.name, ...sample.labels }).toMatchObject({ service, service_version: 'test' });
      }
    },
  );

  it('counts requests refused before Apollo, such as a missing subgraph secret', async () => {
    await (
      await fetch(system.urls.chillybin, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      })
    ).text();
    const chillybin = await scrape(system.urls.chillybin);
    expect(total(chillybin, 'graphql_errors_total', { operation: 'invalid', code: 'UNAUTHENTICATED' })).toBe(1);
  });

  // Last: it takes chillybin's database away.
  it('still answers /metrics when the stock cannot be read, and says so', async () => {
    await system.servers.chillybin.db.client.close();
    const chillybin = await scrape(system.urls.chillybin);
    expect(total(chillybin, 'chillybin_stock_collect_success')).toBe(0);
    expect(chillybin.filter((s) => s.name === 'chillybin_stock_quantity')).toEqual([]);
  });
});
