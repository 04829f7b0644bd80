import { mkdirSync, statSync } from 'node:fs';

/**
 * The data directory holds the embedded database and the generated secrets: only Gerbang's own
 * user may read it. Creates it (mode 0700) when missing; for an existing one, answers a warning to
 * log when other users can get into it (it is left as the operator made it).
 */
export function prepareDataDir(dir: string): { warning: string | null } {
  let mode: number;
  try {
    mode = statSync(dir).mode & 0o777;
  } catch {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return { warning: null };
  }
  if ((mode & 0o077) === 0) return { warning: null };
  const shown = mode.toString(8).padStart(4, '0');
  return {
    warning: `The data directory ${dir} is accessible to other users (mode ${shown}); it holds the database and secrets. Run: chmod 700 ${dir}`,
  };
}
