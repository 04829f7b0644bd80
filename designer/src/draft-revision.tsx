import { useCallback, useRef, useState } from 'react';
import { isDraftChanged } from './api';
import { fill, useTexts } from './console/i18n';

const TEXTS = {
  en: {
    byYou: 'You saved this journey in another tab or window at {at}.',
    byOther: 'Someone else saved this journey at {at} ({who}).',
    reloadToSee: 'Reload to see those changes; your unsaved changes are kept in this tab until you reload.',
    reload: 'Reload',
    automation: 'an automation (the admin API token)',
  },
  id: {
    byYou: 'Anda menyimpan perjalanan ini di tab atau jendela lain pada {at}.',
    byOther: 'Orang lain menyimpan perjalanan ini pada {at} ({who}).',
    reloadToSee: 'Muat ulang untuk melihat perubahan itu; perubahan Anda yang belum tersimpan tetap ada di tab ini sampai Anda memuat ulang.',
    reload: 'Muat ulang',
    automation: 'sebuah otomasi (token API admin)',
  },
};

/** Who saved the journey elsewhere since this tab opened it, and when. */
export interface DraftConflict {
  savedBy: string;
  savedAt: string;
  savedByYou: boolean;
  savedByAutomation?: boolean;
}

/** Refuses a write while the draft this tab shows is known to be out of date (the banner says why). */
class DraftOutOfDate extends Error {
  constructor() {
    super('someone else saved this journey; reload it first');
  }
}

/** Whether a write failed because the draft was saved elsewhere (the banner says by whom and when). */
export const savedElsewhere = (e: unknown) => e instanceof DraftOutOfDate || isDraftChanged(e);

/**
 * The revision of the journey's draft this tab opened, sent with every write of the draft. Writes go
 * one after the other (an autosave never races the one before it with the same revision), each keeps
 * the revision the server answers with, and a `409 draft_changed` stops every later write until the
 * journey is reloaded: nothing overwrites what someone else saved, and nothing of this tab is lost
 * before the person chooses to reload.
 */
export function useDraftRevision() {
  const revision = useRef(0);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const outOfDate = useRef(false);
  const [conflict, setConflict] = useState<DraftConflict | null>(null);

  /** The journey was (re)loaded at `current`: writes go again. */
  const opened = useCallback((current: number) => {
    revision.current = current;
    outOfDate.current = false;
    setConflict(null);
  }, []);

  /** Sends one write of the draft with the revision this tab holds, after the writes before it. */
  const write = useCallback(<T extends { revision?: number | null }>(send: (revision: number) => Promise<T>): Promise<T> => {
    const next = queue.current
      .catch(() => undefined)
      .then(async () => {
        if (outOfDate.current) throw new DraftOutOfDate();
        try {
          const answer = await send(revision.current);
          if (typeof answer.revision === 'number') revision.current = answer.revision;
          return answer;
        } catch (e) {
          if (isDraftChanged(e)) {
            outOfDate.current = true;
            setConflict({ savedBy: e.body.savedBy, savedAt: e.body.savedAt, savedByYou: e.body.savedByYou, savedByAutomation: e.body.savedByAutomation });
          }
          throw e;
        }
      });
    queue.current = next;
    return next;
  }, []);

  return { opened, write, conflict };
}

/** Says, in the person's time, who saved the journey meanwhile, and offers to reload it. */
export function DraftConflictBanner(props: { conflict: DraftConflict; onReload: () => void }) {
  const t = useTexts(TEXTS);
  const at = new Date(props.conflict.savedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const writer = props.conflict.savedByAutomation ? t.automation : props.conflict.savedBy;
  const who = props.conflict.savedByYou ? fill(t.byYou, { at }) : fill(t.byOther, { at, who: writer });
  return (
    <div className="conflict-banner" role="alert">
      <span>
        <strong>{who}</strong> {t.reloadToSee}
      </span>
      <button type="button" className="primary" onClick={props.onReload}>
        {t.reload}
      </button>
    </div>
  );
}
