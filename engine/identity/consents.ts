import type { ConsentPurpose, ConsentsRepo, Store } from '../store/port.js';
import { DEFAULT_LANGUAGE } from '../languages.js';

/** Picks a purpose text in the visitor's language. */
export function purposeText(value: Record<string, string>, lang: string): string {
  return value[lang] ?? value[DEFAULT_LANGUAGE] ?? Object.values(value)[0] ?? '';
}

/**
 * The `consents` claim of ID tokens and userinfo: the current decision per purpose, with the text
 * version it answered. A withdrawn consent shows `granted: false`.
 */
export async function consentClaims(store: Store, userId: string): Promise<Record<string, { granted: boolean; version: number; at: number }>> {
  const out: Record<string, { granted: boolean; version: number; at: number }> = {};
  for (const d of await store.consents.current(userId)) {
    out[d.purposeId] = { granted: d.granted, version: d.version, at: Math.floor(d.at.getTime() / 1000) };
  }
  return out;
}

/**
 * Creates or updates a purpose. The versioning rule: a changed text is a new version (people agreed
 * to the old words, and their decisions keep naming the version they saw); a new name alone is not.
 * Written by compare-and-set on the version read, so two concurrent edits never claim one number.
 */
export async function savePurpose(
  repo: ConsentsRepo,
  p: { id: string; name: Record<string, string>; text: Record<string, string>; required?: boolean },
  now: Date,
): Promise<ConsentPurpose> {
  for (;;) {
    const current = await repo.getPurpose(p.id);
    if (!current) {
      const created: ConsentPurpose = { ...p, required: p.required === true, version: 1, updatedAt: now };
      if (await repo.insertPurpose(created)) return created;
      continue;
    }
    const textChanged = JSON.stringify(current.text) !== JSON.stringify(p.text);
    const next: ConsentPurpose = { ...p, required: p.required ?? current.required === true, version: current.version + (textChanged ? 1 : 0), updatedAt: now };
    if (await repo.replacePurpose(next, current.version)) return next;
  }
}

/** Purposes shipped with the demo: seeded on first start, then owned by the organisation. */
export async function seedConsentPurposes(store: Store): Promise<void> {
  if (await store.consents.getPurpose('marketing-emails')) return;
  await savePurpose(
    store.consents,
    {
      id: 'marketing-emails',
      name: { en: 'Marketing emails', id: 'Email pemasaran' },
      text: {
        en: 'Send me news and offers by email. I can withdraw this at any time in my account.',
        id: 'Kirimi saya berita dan penawaran lewat email. Saya dapat menariknya kapan saja di akun saya.',
      },
    },
    new Date(),
  );
}

export type { ConsentPurpose };
