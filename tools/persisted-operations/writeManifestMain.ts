import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readManifests } from '../../gateway/src/persistedOperations/manifest.js';
import { main } from '../../platform/runService.js';
import { repoRoot } from '../dev/serviceProcess.js';
import { MANIFEST_DIR, kioskManifest, kioskManifestPath, manifestText } from './kioskManifest.js';

// Run by `npm run codegen` after the generator: writes the kiosk's manifest for the current version, then reads
// the whole folder back as the gateway will, so a duplicate hash or a bad file stops here.
main(async () => {
  const manifest = kioskManifest(repoRoot);
  const file = kioskManifestPath(manifest);
  mkdirSync(join(repoRoot, MANIFEST_DIR), { recursive: true });
  writeFileSync(join(repoRoot, file), manifestText(manifest));
  const { manifests } = readManifests(join(repoRoot, MANIFEST_DIR));
  console.log(`wrote ${file} (${manifest.operations.length} operations); ${manifests.length} client versions in ${MANIFEST_DIR}/`);
});
