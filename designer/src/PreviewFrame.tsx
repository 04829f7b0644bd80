import { useEffect, useRef, useState } from 'react';

/** The document the server serves for previews, under its own content policy (see engine/admin/designer.ts). */
const FRAME_DOCUMENT = '/designer/preview-frame';

/**
 * A hosted page drawn as the customer sees it, logo included. A frame written from the console (srcdoc)
 * would keep the console's content policy, where images come only from the console itself, so an app's
 * logo at its https address would stay blank: the page is drawn instead into the server's preview
 * document, whose own policy lets images come from https. It stays static as before: the frame is
 * sandboxed without scripts or forms, and the preview document's policy has no script source.
 */
export function PreviewFrame(props: { title: string; html: string; className?: string; testId?: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [loaded, setLoaded] = useState(0);
  useEffect(() => {
    const doc = frame.current?.contentDocument;
    // Not loaded yet, or navigated away from our preview document (a link in the page): drawn at its next load.
    if (!loaded || !doc || !doc.location.pathname.endsWith(FRAME_DOCUMENT)) return;
    const page = new DOMParser().parseFromString(props.html, 'text/html');
    doc.replaceChild(doc.importNode(page.documentElement, true), doc.documentElement);
  }, [loaded, props.html]);
  return (
    <iframe
      ref={frame}
      title={props.title}
      src={FRAME_DOCUMENT}
      sandbox="allow-same-origin"
      className={props.className}
      data-testid={props.testId}
      onLoad={() => setLoaded((n) => n + 1)}
    />
  );
}
