import { useEffect, type RefObject } from 'react';

/**
 * Opens `dialog` as the browser's own modal for as long as the component is mounted: the rest of the
 * page is inert (focus cannot leave it, a screen reader reads only it), focus starts on `firstFocus`,
 * and when it closes focus goes back to whatever opened it (if that is still on the page).
 */
export function useModal(dialog: RefObject<HTMLDialogElement | null>, firstFocus: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    firstFocus.current?.focus();
    return () => {
      if (element?.open) element.close();
      // The opener may have gone (a deleted journey's row): then focus stays where the page puts it.
      if (opener?.isConnected) opener.focus();
    };
    // Once per opening: the dialog and its first control are the same elements while it is open.
  }, []);
}
