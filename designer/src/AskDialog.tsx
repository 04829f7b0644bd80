import { useCallback, useId, useRef, useState, type ReactNode } from 'react';
import { useModal } from './modal';

/** One way to answer a question: a button with its own words (what it does, never "OK"). */
export interface Answer {
  id: string;
  label: string;
  tone?: 'primary' | 'danger';
}

/** A question the console asks before something customers would notice (publish, make live, delete). */
export interface Question {
  title: string;
  /** What happens, shown under the title (a paragraph, a list of changes…). */
  body?: ReactNode;
  answers: Answer[];
  /** The words of the button that does nothing; Escape does the same. */
  cancel: string;
}

/**
 * An in-page modal question (the browser's own pop-up cannot be styled, cannot show a list, and reads
 * poorly with a screen reader). A native `<dialog>` opened with `showModal()`: the rest of the page is
 * inert, focus starts on Cancel (the answer that changes nothing), Escape cancels, and focus goes back
 * to whatever opened it.
 */
function AskDialog(props: { question: Question; onAnswer: (answer: string | null) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  // showModal() would focus the first button; the safe answer is the one a stray Enter should press.
  useModal(ref, cancelRef);
  const { question, onAnswer } = props;
  return (
    <dialog
      ref={ref}
      className="ask"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={question.body ? bodyId : undefined}
      onCancel={(e) => {
        // Escape: the dialog stays under React's control, which closes it by unmounting.
        e.preventDefault();
        onAnswer(null);
      }}
    >
      <h2 id={titleId}>{question.title}</h2>
      {question.body && (
        <div id={bodyId} className="ask-body">
          {question.body}
        </div>
      )}
      <div className="hstack ask-answers">
        {question.answers.map((a) => (
          <button key={a.id} type="button" className={a.tone} onClick={() => onAnswer(a.id)}>
            {a.label}
          </button>
        ))}
        <button ref={cancelRef} type="button" onClick={() => onAnswer(null)}>
          {question.cancel}
        </button>
      </div>
    </dialog>
  );
}

/**
 * Asking as `window.confirm` did, in the page: `const answer = await ask(question)` gives the chosen
 * answer's id, or null when the person cancelled. Render `dialog` somewhere in the component.
 */
export function useAsk(): { dialog: ReactNode; ask: (question: Question) => Promise<string | null> } {
  const [open, setOpen] = useState<{ question: Question; resolve: (answer: string | null) => void } | null>(null);
  const ask = useCallback(
    (question: Question) =>
      new Promise<string | null>((resolve) => {
        setOpen({ question, resolve });
      }),
    [],
  );
  const dialog = open ? (
    <AskDialog
      question={open.question}
      onAnswer={(answer) => {
        setOpen(null);
        open.resolve(answer);
      }}
    />
  ) : null;
  return { dialog, ask };
}
