import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { main } from '../../platform/runService.js';
import { composeSupergraph, readSupergraphConfig } from './composeSupergraph.js';

// `npm run compose`: supergraph.yaml → supergraph.graphql, which is committed and loaded by the gateway.
main(async () => {
  const configPath = fileURLToPath(new URL('../../supergraph.yaml', import.meta.url));
  const outPath = fileURLToPath(new URL('../../supergraph.graphql', import.meta.url));
  const subgraphs = readSupergraphConfig(configPath);
  writeFileSync(outPath, composeSupergraph(subgraphs));
  console.log(`composed ${subgraphs.map((s) => s.name).join(', ')} into supergraph.graphql`);
});
