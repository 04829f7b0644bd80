import type { Request, Response } from 'express';
import type { Store } from '../store/port.js';
import type { HostedDeps } from './deps.js';
import type { CompletionHandler } from './completions.js';
import type { LoadedRun } from '../runtime/runtime.js';
import { PageContext } from '../http/page.js';
import { html, type SafeHtml } from './html.js';

/**
 * "Try it" runs a journey's draft in the administrator's browser. Such a run never touches that
 * browser's session (its end signs nobody in), wears a "test of the draft" banner on every page,
 * and the accounts it creates are marked as test data.
 */
export const TRY_ORIGIN = 'try';

/** The role that marks an account created by a test of a draft (it grants nothing). */
export const TEST_DATA_ROLE = 'test-data';

export const isTryRun = (loaded: Pick<LoadedRun, 'run'>) => loaded.run.origin.kind === TRY_ORIGIN;

export const TRY_MESSAGES = {
  en: {
    'try.banner': 'Test of the draft: nothing here signs anyone in, and accounts created are marked as test data.',
    'try.done.title': 'Test finished',
    'try.done.success': 'The journey ended in success for {email}. Nobody was signed in.',
    'try.done.failure': 'The journey ended in failure. Nobody was signed in.',
    'try.done.back': 'Back to the designer',
    'try.done.record': 'To keep this run as a test case of the journey, choose "Save as test case" in the designer.',
  },
  id: {
    'try.banner': 'Uji coba draf: tidak ada yang masuk di sini, dan akun yang dibuat ditandai sebagai data uji.',
    'try.done.title': 'Uji coba selesai',
    'try.done.success': 'Perjalanan berakhir berhasil untuk {email}. Tidak ada yang dimasukkan.',
    'try.done.failure': 'Perjalanan berakhir gagal. Tidak ada yang dimasukkan.',
    'try.done.back': 'Kembali ke desainer',
    'try.done.record': 'Untuk menyimpan uji coba ini sebagai kasus uji perjalanan, pilih "Simpan sebagai kasus uji" di desainer.',
  },
};

/** The banner every page of a test run carries. */
export function tryBanner(t: (key: string) => string): SafeHtml {
  return html`<div class="alert info" role="status" data-test-run>${t('try.banner')}</div>`;
}

/** Marks the run's account as test data when the run created it. */
export async function markTestAccount(store: Store, loaded: LoadedRun): Promise<void> {
  const userId = loaded.state.userId;
  if (!userId) return;
  const user = await store.users.findById(userId);
  if (user && user.createdAt >= loaded.run.createdAt && !user.roles.includes(TEST_DATA_ROLE)) {
    await store.users.setRoles(user.id, [...user.roles, TEST_DATA_ROLE]);
  }
}

/** The end of a test run: says how it ended, signs nobody in, and goes back to the designer. */
export function tryCompletion(deps: Pick<HostedDeps, 'shell' | 'store'>): CompletionHandler {
  return async ({ outcome, loaded, req, res }: { outcome: 'success' | 'failure'; loaded: LoadedRun; req: Request; res: Response }) => {
    await markTestAccount(deps.store, loaded);
    const p = new PageContext(deps.shell, req, res);
    const user = loaded.state.userId ? await deps.store.users.findById(loaded.state.userId) : null;
    const text = outcome === 'success' ? p.t('try.done.success', { email: user?.email ?? '' }) : p.t('try.done.failure');
    const back = `/designer/#/journeys/${encodeURIComponent(loaded.graph.id)}`;
    p.message(200, p.t('try.done.title'), text, html`${tryBanner(p.t)}<p>${p.t('try.done.record')}</p><p><a class="button primary" href="${back}">${p.t('try.done.back')}</a></p>`);
  };
}
