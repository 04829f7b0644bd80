// After `tsc -p tsconfig.build.json`: what the built server reads beside its code, so that `dist/`
// runs on its own (as in the Docker image): the hosted pages' assets, the shipped flows, the designer.
import { cpSync, existsSync, writeFileSync } from 'node:fs';

const copies = [
  ['engine/hosted/assets', 'dist/engine/hosted/assets'],
  ['flows', 'dist/flows'],
  ['designer/dist', 'dist/designer/dist'],
];
for (const [from, to] of copies) {
  if (!existsSync(from)) throw new Error(`${from} is missing: run the designer build first (npm run build)`);
  cpSync(from, to, { recursive: true });
}

// The time of this build, which `npm start` compares with the sources (scripts/ensure-built.mjs).
writeFileSync('dist/.built', `${new Date().toISOString()}\n`);
