import { createContext, useContext } from 'react';

/** The console's languages: English and Bahasa Indonesia (the same codes as the hosted pages). */
export const CONSOLE_LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'id', name: 'Bahasa Indonesia' },
] as const;
export type Lang = (typeof CONSOLE_LANGUAGES)[number]['code'];

/** A language's own name (as its speakers write it), or its code when the console does not speak it. */
export const languageName = (code: string): string => CONSOLE_LANGUAGES.find((l) => l.code === code)?.name ?? code;

/** A view's texts, one dictionary per language with the same keys (the compiler checks both). */
export type Texts<T extends Record<string, string>> = Record<Lang, T>;

const LANG_KEY = 'gerbang.console.lang';

export const LangContext = createContext<Lang>('en');

/** The language chosen earlier in this browser, else the browser's own when it is Indonesian. */
export function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY);
  if (saved === 'en' || saved === 'id') return saved;
  return navigator.language.toLowerCase().startsWith('id') ? 'id' : 'en';
}

export function rememberLang(lang: Lang) {
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
}

export const useLang = () => useContext(LangContext);

/** The texts of a view in the console's current language. */
export function useTexts<T extends Record<string, string>>(texts: Texts<T>): T {
  return texts[useLang()];
}

/** A text with its `{name}` placeholders filled in (those without a value stay as they are). */
export const fill = (text: string, vars: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
