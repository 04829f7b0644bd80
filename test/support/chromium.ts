import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where a system Chromium (or Chrome) usually lives on Linux. */
export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

export interface FoundChromium {
  executablePath: string;
  /** Which of the sources gave it, for messages. */
  source: string;
}

export interface ChromiumSearch {
  env?: Record<string, string | undefined>;
  systemPaths?: readonly string[];
  /** The Chromium shipped inside an npm package; null when the package or platform does not have one. */
  packaged?: () => Promise<string | null>;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * `@sparticuz/chromium` (a devDependency) carries a compressed headless Chromium for Linux x64 that
 * needs only the C library; it unpacks once into the temp directory. No download happens.
 */
export async function packagedChromium(): Promise<string | null> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    return await packaged.executablePath();
  } catch {
    return null;
  }
}

/**
 * Finds a Chromium for the browser tests, in this order: CHROME_PATH, the system one, the one shipped
 * in the `@sparticuz/chromium` package. Says what is missing when none is there.
 */
export async function findChromium(search: ChromiumSearch = {}): Promise<FoundChromium> {
  const env = search.env ?? process.env;
  const fromEnv = env.CHROME_PATH?.trim() || env.CHROMIUM_PATH?.trim();
  if (fromEnv) {
    if (!executable(fromEnv)) throw new Error(`CHROME_PATH is set to ${fromEnv}, which is not an executable file.`);
    return { executablePath: fromEnv, source: 'CHROME_PATH' };
  }
  const systemPaths = search.systemPaths ?? SYSTEM_CHROMIUM_PATHS;
  const system = systemPaths.find(executable);
  if (system) return { executablePath: system, source: 'system' };
  const packaged = await (search.packaged ?? packagedChromium)();
  if (packaged) return { executablePath: packaged, source: '@sparticuz/chromium' };
  throw new Error(
    [
      'No Chromium found for the browser tests. Looked for:',
      '  - CHROME_PATH (not set)',
      `  - a system Chromium at ${systemPaths.join(', ') || '(no paths)'} (none there)`,
      `  - the Chromium inside the @sparticuz/chromium package (${process.platform === 'linux' && process.arch === 'x64' ? 'not installed: run `npm install`' : `it ships for Linux x64 only, this is ${process.platform} ${process.arch}`})`,
      'Install one (Debian: `apt-get install chromium`) or point CHROME_PATH at a Chromium or Chrome binary.',
    ].join('\n'),
  );
}

/** A headless Chromium, with the flags that keep it off the (closed) network. */
export async function launchChromium(search?: ChromiumSearch): Promise<Browser> {
  const { executablePath } = await findChromium(search);
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/**
 * Whatever the browser reports as broken on `page` from now on (a failed or refused resource, a
 * script error), as a person's devtools would show it: the list fills as the page is used.
 */
export function brokenOn(page: Page): string[] {
  const broken: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && broken.push(`${page.url()}: ${m.text()}`)));
  page.on('pageerror', (e) => void broken.push(`${page.url()}: ${e.message}`));
  return broken;
}
