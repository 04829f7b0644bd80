import { afterAll, beforeAll } from 'vitest';
import { mongoTargets } from './mongo.js';

/**
 * The store adapters the integration suites run against. Each entry gives the extra environment a
 * test server needs to use that adapter (and a cleanup).
 */
export interface AdapterUnderTest {
  name: string;
  env(): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
}

export const adapters: AdapterUnderTest[] = [
  { name: 'sqlite', env: async () => ({ env: {}, cleanup: async () => {} }) },
  ...mongoTargets.map(
    (target): AdapterUnderTest => ({
      name: target.name,
      async env() {
        const db = await target.fresh();
        // Instances on MongoDB must be given their secrets (they derive every key from them).
        return { env: { MONGODB_URI: db.uri, GERBANG_SECRET: 'one-secret-for-every-instance-0123456789' }, cleanup: db.drop };
      },
    }),
  ),
];

/**
 * The adapter's environment for a describe block: made (a fresh database) in a `beforeAll` and cleaned
 * up in an `afterAll`. Called before `useGerbang(() => database.env)`, the server starts on it.
 */
export function useAdapterEnv(adapter: AdapterUnderTest): { readonly env: Record<string, string> } {
  let made: Awaited<ReturnType<AdapterUnderTest['env']>> | undefined;
  beforeAll(async () => {
    made = await adapter.env();
  });
  afterAll(async () => {
    await made?.cleanup();
  });
  return {
    get env() {
      if (!made) throw new Error(`The ${adapter.name} adapter's environment is not made yet (read it in a test, or in a hook registered after useAdapterEnv)`);
      return made.env;
    },
  };
}
