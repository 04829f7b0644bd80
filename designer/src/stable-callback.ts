import { useCallback, useLayoutEffect, useRef } from 'react';

/**
 * A function that stays the same object across renders yet always runs the latest `fn` (what it
 * reads is current when it is called). Panels memoised on their inputs stay memoised while the canvas
 * redraws at every frame of a drag.
 */
export function useStableCallback<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const latest = useRef(fn);
  useLayoutEffect(() => {
    latest.current = fn;
  });
  return useCallback((...args: A) => latest.current(...args), []);
}
