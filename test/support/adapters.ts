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
];
