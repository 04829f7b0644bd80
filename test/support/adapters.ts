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
        return { env: { MONGODB_URI: db.uri }, cleanup: db.drop };
      },
    }),
  ),
];
