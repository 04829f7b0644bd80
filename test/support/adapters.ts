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
