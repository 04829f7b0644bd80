import type { Factor } from './factor.js';

/**
 * The MFA factor registry, shaped like the node registry: every factor is declared once and the MFA
 * steps (their settings' choices, pages and texts) read it from here.
 */
export class FactorRegistry {
  private readonly factors = new Map<string, Factor>();

  constructor(factors: Factor[] = []) {
    for (const f of factors) this.register(f);
  }

  register(factor: Factor): void {
    if (this.factors.has(factor.id)) throw new Error(`Factor "${factor.id}" is registered twice`);
    this.factors.set(factor.id, factor);
  }

  get(id: string): Factor | undefined {
    return this.factors.get(id);
  }

  list(): Factor[] {
    return [...this.factors.values()];
  }

  ids(): string[] {
    return [...this.factors.keys()];
  }

  /** Factors a user can set up themselves (recovery codes come with the first one). */
  enrollableIds(): string[] {
    return this.list().filter((f) => f.enroll).map((f) => f.id);
  }

  /** Messages of every factor, merged per language, for the i18n catalogue. */
  messages(): Record<string, Record<string, string>> {
    const merged: Record<string, Record<string, string>> = {};
    for (const f of this.factors.values()) {
      for (const [lang, msgs] of Object.entries(f.messages)) merged[lang] = { ...merged[lang], ...msgs };
    }
    return merged;
  }
}
