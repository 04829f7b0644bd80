import { useEffect, useState } from 'react';

/**
 * Where the console is, kept in the URL fragment so a link or a reload opens the same place:
 * `#/<section>/<rest...>`, e.g. `#/users/u_123` or `#/journeys/login-signup` (the journey's canvas).
 */
export interface ConsoleRoute {
  section: string;
  /** What follows the section, e.g. `['u_123']`. */
  rest: string[];
}

export function parseRoute(hash: string): ConsoleRoute {
  const body = hash.replace(/^#\/?/, '');
  // Links from before the console: `#flow=<id>` opens that journey.
  if (body.startsWith('flow=')) return { section: 'journeys', rest: [decodeURIComponent(body.slice(5))] };
  const [section = '', ...rest] = body.split('/').filter(Boolean).map(decodeURIComponent);
  return { section, rest };
}

export const hrefOf = (section: string, ...rest: string[]) => `#/${[section, ...rest].map(encodeURIComponent).join('/')}`;

export function navigate(section: string, ...rest: string[]) {
  location.hash = hrefOf(section, ...rest);
}

export function useRoute(): ConsoleRoute {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
