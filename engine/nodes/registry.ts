import type { ValidateFunction } from 'ajv';
import { createAjv, describeAjvErrors } from '../flow/schema.js';
import type { AnyNodeType } from './types.js';

/**
 * The node registry: every node type is declared once and everything else (validation, compiler,
 * hosted pages, the designer's palette) reads it from here.
 */
export class NodeRegistry {
  private readonly types = new Map<string, AnyNodeType>();
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv = createAjv();

  constructor(types: AnyNodeType[] = []) {
    for (const t of types) this.register(t);
  }

  register(type: AnyNodeType): void {
    if (this.types.has(type.type)) throw new Error(`Node type "${type.type}" is registered twice`);
    this.types.set(type.type, type);
    this.validators.set(type.type, this.ajv.compile(type.settingsSchema));
  }

  get(type: string): AnyNodeType | undefined {
    return this.types.get(type);
  }

  list(): AnyNodeType[] {
    return [...this.types.values()];
  }

  /** Plain-language problems with a node's settings: schema violations, then the type's own checks. */
  validateSettings(type: string, settings: unknown): string[] {
    const validate = this.validators.get(type);
    if (!validate) return [`unknown step type "${type}"`];
    if (!validate(settings)) return describeAjvErrors(validate.errors, 'setting');
    return this.types.get(type)!.check?.(settings) ?? [];
  }

  /** Messages of every node type, merged per language, for the i18n catalogue. */
  messages(): Record<string, Record<string, string>> {
    const merged: Record<string, Record<string, string>> = {};
    for (const t of this.types.values()) {
      for (const [lang, msgs] of Object.entries(t.messages ?? {})) merged[lang] = { ...merged[lang], ...msgs };
    }
    return merged;
  }
}
