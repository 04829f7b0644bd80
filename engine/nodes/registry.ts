import type { ValidateFunction } from 'ajv';
import { createAjv } from '../flow/schema.js';
import { describeSettingsErrors, settingsProblems, type SettingsProblem } from '../flow/settings-words.js';
import type { Fact, StepCatalogue, StepKind } from '../flow/steps.js';
import type { AnyNodeType, DesignerLanguage, NodeType } from './types.js';
import type { Language } from '../languages.js';
import { stepInLanguage } from './designer-words.js';
import { sayIn } from '../flow/said.js';

/** The palette groups, in the order the designer shows them. */
export const STEP_CATEGORIES: ReadonlyArray<{ id: NodeType['category']; title: string; words: Record<DesignerLanguage, string> }> = [
  { id: 'identify', title: 'Identify', words: { id: 'Identifikasi' } },
  { id: 'authenticate', title: 'Authenticate', words: { id: 'Autentikasi' } },
  { id: 'profile', title: 'Profile & consent', words: { id: 'Profil & persetujuan' } },
  { id: 'logic', title: 'Logic', words: { id: 'Logika' } },
  { id: 'end', title: 'End', words: { id: 'Akhir' } },
];

/**
 * The node registry: every node type is declared once and everything else (validation, compiler,
 * hosted pages, the designer's palette, the proof on publish) reads it from here. It is the step
 * catalogue engine/flow checks and compiles graphs with.
 */
export class NodeRegistry implements StepCatalogue {
  private readonly types = new Map<string, AnyNodeType>();
  private readonly kinds = new Map<string, StepKind>();
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv = createAjv();

  constructor(types: AnyNodeType[] = []) {
    for (const t of types) this.register(t);
  }

  register(type: AnyNodeType): void {
    if (this.types.has(type.type)) throw new Error(`Node type "${type.type}" is registered twice`);
    if (!STEP_CATEGORIES.some((c) => c.id === type.category)) throw new Error(`Node type "${type.type}" has an unknown category "${type.category}"`);
    // The glyph is how a step type is told apart on the canvas and in the palette: one per type.
    const sameIcon = [...this.types.values()].find((t) => t.icon === type.icon);
    if (sameIcon) throw new Error(`Node type "${type.type}" has the icon "${type.icon}" of "${sameIcon.type}": each step type needs its own`);
    this.types.set(type.type, type);
    this.validators.set(type.type, this.ajv.compile(type.settingsSchema));
    this.kinds.set(type.type, this.kindOf(type));
  }

  get(type: string): AnyNodeType | undefined {
    return this.types.get(type);
  }

  list(): AnyNodeType[] {
    return [...this.types.values()];
  }

  /** The step as engine/flow sees it: declarations only. */
  step(type: string): StepKind | undefined {
    return this.kinds.get(type);
  }

  /** The facts a node type requires with these (valid) settings. */
  requires(type: AnyNodeType, settings: unknown): Fact[] {
    return typeof type.requires === 'function' ? type.requires(settings) : (type.requires ?? []);
  }

  /**
   * Plain-language problems with a node's settings: schema violations (in `lang`, naming the fields by
   * their titles in it), then the type's own checks.
   */
  validateSettings(type: string, settings: unknown, lang: Language = 'en'): string[] {
    const validate = this.validators.get(type);
    const declared = this.types.get(type);
    if (!validate || !declared) return [`unknown step type "${type}"`];
    if (!validate(settings)) return describeSettingsErrors(validate.errors, stepInLanguage(declared, lang).settingsSchema, lang);
    return (declared.check?.(settings) ?? []).map((said) => sayIn(said, lang));
  }

  /**
   * The catalogue as a person reading `lang` sees it: step titles, outcome labels and settings problems
   * in that language (what the graph checks and the proof name the steps and outcomes by).
   */
  inLanguage(lang: Language): StepCatalogue {
    if (lang === 'en') return this;
    return {
      step: (type) => {
        const kind = this.kinds.get(type);
        const declared = this.types.get(type);
        if (!kind || !declared) return kind;
        const said = stepInLanguage(declared, lang);
        return {
          ...kind,
          title: said.title,
          outcomes: (settings) => kind.outcomes(settings).map(said.outcome),
          validateSettings: (settings) => this.validateSettings(type, settings, lang),
        };
      },
    };
  }

  /**
   * The same problems each at the field of the settings it is about (the type's own checks are about
   * the settings as a whole: pointer ''), for a settings form checked by the server, in `lang` (the
   * fields named by their titles in it); null for an unknown type.
   */
  settingsProblems(type: string, settings: unknown, lang: Language = 'en'): SettingsProblem[] | null {
    const validate = this.validators.get(type);
    const declared = this.types.get(type);
    if (!validate || !declared) return null;
    if (!validate(settings)) return settingsProblems(validate.errors, stepInLanguage(declared, lang).settingsSchema, lang);
    return (declared.check?.(settings) ?? []).map((said) => {
      const message = sayIn(said, lang);
      return { pointer: '', message, said: message };
    });
  }

  /** Messages of every node type, merged per language, for the i18n catalogue. */
  messages(): Record<string, Record<string, string>> {
    const merged: Record<string, Record<string, string>> = {};
    for (const t of this.types.values()) {
      for (const [lang, msgs] of Object.entries(t.messages ?? {})) merged[lang] = { ...merged[lang], ...msgs };
    }
    return merged;
  }

  private kindOf(type: AnyNodeType): StepKind {
    // A step without a page never waits for the person, so all its outcomes are automatic.
    const interactive = Boolean(type.render);
    return {
      type: type.type,
      title: type.title,
      ...(type.terminal ? { terminal: type.terminal } : {}),
      interactive,
      requires: (settings) => this.requires(type, settings),
      outcomes: (settings) => type.outcomes(settings).map((o) => (interactive ? o : { ...o, automatic: true })),
      references: (settings) => type.references?.(settings) ?? [],
      validateSettings: (settings) => this.validateSettings(type.type, settings),
    };
  }
}
