import { useSyncExternalStore } from 'react';

// Hash routing (#/dashboard): the desktop window serves the UI from embedded files, where only
// the root path is sure to resolve.

export const ROUTES = ['dashboard', 'insights', 'setup', 'trigger-stages', 'assessments', 'activity', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

/** The screen named by a location hash, or null when it names none. */
export function routeFromHash(hash: string): Route | null {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : null;
}

export function hrefFor(route: Route): string {
  return `#/${route}`;
}

function subscribe(listener: () => void) {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The current location hash, kept in sync with the address. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
