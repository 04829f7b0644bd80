import type { ErrorRequestHandler } from 'express';
import type { DraftWrite, FlowDraft, Store } from '../store/port.js';
import { Conflict, NotFound } from '../http/errors.js';

/**
 * Writes of a journey's draft by the admin API. Every one is a compare-and-set on the draft's revision
 * (store.flows.saveDraft): a change made from a revision someone else has saved over since is refused
 * with a 409 that says who saved it and when, never written over their work.
 */

/** The journey's draft, or a 404 (saying `missing`, in the language the route speaks, when given). */
export async function draftOf(store: Store, id: string, missing = `There is no flow "${id}".`): Promise<FlowDraft> {
  const draft = await store.flows.getDraft(id);
  if (!draft) throw new NotFound(missing);
  return draft;
}

/** Who wrote a draft, in words: an administrator by their address, the admin API token, Gerbang itself (the shipped journeys). */
function writerOf(updatedBy: string | null): string {
  if (updatedBy === null || updatedBy === 'seed') return 'Gerbang';
  return updatedBy === 'api-token' ? 'An automation (the admin API token)' : updatedBy;
}

/** "12:03 UTC on 30 Nov 2026": the server cannot know the reader's time zone (the designer says it in theirs). */
const when = (at: Date) =>
  `${at.toISOString().slice(11, 16)} UTC on ${at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}`;

/** The draft was saved by someone else (or by the same person elsewhere) since the revision a change was made from. */
export class DraftChanged extends Conflict {
  constructor(
    readonly current: FlowDraft,
    /** Who made the refused change (as drafts record their writer). */
    private readonly by: string,
  ) {
    const who = current.updatedBy === by ? 'You saved this journey in another tab or window' : `${writerOf(current.updatedBy)} saved this journey`;
    super(`${who} at ${when(current.updatedAt)}, after the version this change was made from, so this change was not saved. Reload the journey to see those changes, then make yours again.`, 'draft_changed');
  }

  /**
   * The 409's body: the words, and who saved when and under which revision (for the designer to say in
   * local time and in its language: `savedByAutomation` when the admin API token saved it).
   */
  get body() {
    const { updatedBy, updatedAt, revision } = this.current;
    return {
      error: this.error,
      message: this.message,
      savedBy: writerOf(updatedBy),
      savedByYou: updatedBy === this.by,
      savedByAutomation: updatedBy === 'api-token',
      savedAt: updatedAt.toISOString(),
      revision,
    };
  }
}

/** Answers a DraftChanged with its whole body (the kit's error handler answers every other error). */
export const answerDraftChanged: ErrorRequestHandler = (err, _req, res, next) => {
  if (err instanceof DraftChanged) res.status(err.status).json(err.body);
  else next(err);
};

/** Bound on re-applying a server-side change over drafts written meanwhile. */
const ATTEMPTS = 5;

/**
 * Changes a journey's draft by one conditional write. With `expectedRevision` (the revision the person
 * worked from) a draft saved since is refused (DraftChanged). Without it the change is the server's own
 * (append a test case, promote a branch, rename): when another write got there first it is made again
 * on the draft as it is now, a few times. `change` may refuse by throwing.
 */
export async function changeDraft(
  store: Store,
  id: string,
  by: string,
  change: (draft: FlowDraft) => Promise<Pick<DraftWrite, 'name' | 'graph'>> | Pick<DraftWrite, 'name' | 'graph'>,
  expectedRevision?: number,
): Promise<FlowDraft> {
  for (let attempt = 1; ; attempt++) {
    const draft = await draftOf(store, id);
    if (expectedRevision !== undefined && draft.revision !== expectedRevision) throw new DraftChanged(draft, by);
    const saved = await store.flows.saveDraft({ id, ...(await change(draft)), updatedBy: by }, draft.revision, new Date());
    if (saved) return saved;
    if (expectedRevision !== undefined || attempt === ATTEMPTS) throw new DraftChanged(await draftOf(store, id), by);
  }
}
