import { describe, expect, it } from 'vitest';
import { statusFor } from '../requestErrorStatus.js';

// The status of an error response by what the client accepts (GraphQL over
// HTTP, "Status Codes"): request errors are 200 only for a client that asks
// for application/json by name.

const JSON_TYPE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE = 'application/graphql-response+json; charset=utf-8';
const errors = (...codes: string[]) =>
  JSON.stringify({ errors: codes.map((code) => ({ message: 'm', extensions: { code } })) });

const cases: { name: string; status: number; contentType?: string; body: string; accept?: string; expected: number }[] =
  [
    {
      name: 'a parse failure, application/json asked for',
      status: 400,
      contentType: JSON_TYPE,
      body: errors('GRAPHQL_PARSE_FAILED'),
      accept: 'application/json',
      expected: 200,
    },
    {
      name: 'a validation failure, application/json asked for',
      status: 400,
      contentType: JSON_TYPE,
      body: errors('GRAPHQL_VALIDATION_FAILED'),
      accept: 'application/json',
      expected: 200,
    },
    {
      name: 'an operation limit, application/json asked for',
      status: 400,
      contentType: JSON_TYPE,
      body: errors('OPERATION_LIMIT_EXCEEDED'),
      accept: 'application/json',
      expected: 200,
    },
    {
      name: 'no operation to run, application/json asked for',
      status: 400,
      contentType: JSON_TYPE,
      body: errors('OPERATION_RESOLUTION_FAILURE'),
      accept: 'application/json',
      expected: 200,
    },
    {
      name: 'variables that do not coerce, application/json asked for',
      status: 400,
      contentType: JSON_TYPE,
      body: errors('BAD_USER_INPUT'),
      accept: 'application/json',
      expected: 200,
    },
    {
      name: 'application/json among others, with a charset',
      status: 400,
      contentType: JSON_TYPE,
      body: errors('GRAPHQL_PARSE_FAILED'),
      accept: 'text/html, application/json; charset=utf-8',
      expected: 200,
    },
    {
      name: 'application/json refused (q=0)',
      status: 400,
      contentType: JSON_TYPE,
      body: errors('GRAPHQL_PARSE_FAILED'),
      accept: 'application/json; q=0, */*',
      expected: 400,
    },
    {
      name: 'no Accept',
      status: 400,
      contentType: JSON_TYPE,
      body: errors('GRAPHQL_VALIDATION_FAILED'),
      expected: 400,
    },
    {
      name: 'a wildcard Accept',
      status: 400,
      contentType: JSON_TYPE,
      body: errors('GRAPHQL_VALIDATION_FAILED'),
      accept: '*/*',
      expected: 400,
    },
    {
      name: 'application/graphql-response+json chosen over application/json',
      status: 400,
      contentType: GRAPHQL_RESPONSE,
      body: errors('GRAPHQL_VALIDATION_FAILED'),
      accept: 'application/graphql-response+json, application/json; q=0.9',
      expected: 400,
    },
    {
      name: 'not a GraphQL request (no query)',
      status: 400,
      contentType: JSON_TYPE,
      body: errors('BAD_REQUEST'),
      accept: 'application/json',
      expected: 400,
    },
    {
      name: 'a request error beside a malformed-request one',
      status: 400,
      contentType: JSON_TYPE,
      body: errors('GRAPHQL_PARSE_FAILED', 'BAD_REQUEST'),
      accept: 'application/json',
      expected: 400,
    },
    {
      name: 'errors with data',
      status: 400,
      contentType: JSON_TYPE,
      body: JSON.stringify({ data: null, errors: [{ message: 'm', extensions: { code: 'BAD_USER_INPUT' } }] }),
      accept: 'application/json',
      expected: 400,
    },
    {
      name: 'a mutation over GET (405)',
      status: 405,
      contentType: JSON_TYPE,
      body: errors('BAD_REQUEST'),
      accept: 'application/json',
      expected: 405,
    },
    {
      name: 'an internal fault',
      status: 500,
      contentType: JSON_TYPE,
      body: errors('INTERNAL_SERVER_ERROR'),
      accept: 'application/json',
      expected: 500,
    },
    {
      name: 'a body that is not JSON',
      status: 400,
      contentType: JSON_TYPE,
      body: 'nonsense',
      accept: 'application/json',
      expected: 400,
    },
    {
      name: 'a success',
      status: 200,
      contentType: JSON_TYPE,
      body: JSON.stringify({ data: { status: 'open' } }),
      accept: 'application/json',
      expected: 200,
    },
  ];

describe('statusFor', () => {
  it.each(cases)('$name → $expected', ({ status, contentType, body, accept, expected }) => {
    expect(statusFor({ status, contentType, body }, accept)).toBe(expected);
  });
});
