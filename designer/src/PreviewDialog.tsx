import { useId, useRef } from 'react';
import { PreviewFrame } from './PreviewFrame';
import { useModal } from './modal';

/**
 * The selected step's page as the customer sees it, in a modal window: focus starts on Close, Escape
 * closes it as Close does, the canvas behind cannot be reached meanwhile, and focus goes back to the
 * Preview button afterwards. The page can be shown in each of the customer languages.
 */
export function PreviewDialog(props: {
  html: string;
  languages: readonly { code: string; name: string }[];
  onLanguage: (code: string) => void;
  onClose: () => void;
  words: { title: string; frame: string; close: string };
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  useModal(ref, closeRef);
  const { words } = props;
  return (
    <dialog
      ref={ref}
      className="page-preview"
      aria-labelledby={titleId}
      onCancel={(e) => {
        // Escape: the dialog stays under React's control, which closes it by unmounting.
        e.preventDefault();
        props.onClose();
      }}
    >
      <div className="hstack">
        <strong id={titleId}>{words.title}</strong>
        <span className="spacer" />
        {props.languages.map((l) => (
          <button key={l.code} type="button" onClick={() => props.onLanguage(l.code)}>
            {l.name}
          </button>
        ))}
        <button ref={closeRef} type="button" onClick={props.onClose}>
          {words.close}
        </button>
      </div>
      {/* Static, like the branding preview: whatever a draft step writes, no script runs in the console's origin. */}
      <PreviewFrame title={words.frame} html={props.html} testId="preview-frame" />
    </dialog>
  );
}
