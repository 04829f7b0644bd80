// `npm start` runs the built JavaScript. Before it does (prestart), this rebuilds what is missing or
// older than its sources, so a fresh clone, a pulled change or an edited file never runs stale code.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const stamp = 'dist/.built';
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const sources = Math.max(...['engine', 'connectors', 'flows', 'package.json', 'tsconfig.json', 'tsconfig.build.json'].map(newest));
// The console is built from its own sources and from the engine's (step types, words, shared types).
const designerBuilt = existsSync('designer/dist/index.html') ? statSync('designer/dist/index.html').mtimeMs : 0;
const designerSources = Math.max(sources, ...['designer/src', 'designer/index.html', 'designer/vite.config.ts', 'scripts/compile-settings-validators.ts'].map(newest));
if (designerSources > designerBuilt) {
  console.error('Building the console (sources changed since the last build)…');
  execSync('npm run build:designer', { stdio: ['ignore', 'ignore', 'inherit'] });
}
if (sources > built) {
  console.error('Building the server (sources changed since the last build)…');
  execSync('npm run build:server', { stdio: ['ignore', 'ignore', 'inherit'] });
}
