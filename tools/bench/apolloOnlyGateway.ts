// Our gateway with LEARNT_OPERATIONS off, every request through Apollo Server,
// as a gateway entry point for the benchmark's variant: a same-run A/B of the
// path that answers queries run before ahead of Apollo Server.
//   npm run bench -- --variant-entry tools/bench/apolloOnlyGateway.ts --only i2,iv,b2,bv,k2,kv
// The setting is read once, at start, with the rest of the gateway's.

process.env.LEARNT_OPERATIONS = 'false';
void import('../../gateway/src/index.js');
