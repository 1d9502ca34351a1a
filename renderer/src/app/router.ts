import { useSyncExternalStore } from 'react';

/**
 * Hash routing: the address after `#` names the screen, so it works the same from `app://` in
 * Electron and from the browser-mode server, and a reload keeps the place.
 */
export type Route =
  | { name: 'lists' }
  | { name: 'list'; listId: number; tab: ListTab }
  | { name: 'import' }
  | { name: 'sync'; listId: number | null }
  | { name: 'suppression' }
  | { name: 'settings' }
  | { name: 'alerts' };

export type ListTab = 'members' | 'imports' | 'rejects' | 'pinterest';
const LIST_TABS: readonly ListTab[] = ['members', 'imports', 'rejects', 'pinterest'];

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  switch (first) {
    case undefined:
    case 'lists':
      if (second && /^\d+$/.test(second)) {
        const tab = LIST_TABS.find((candidate) => candidate === third) ?? 'members';
        return { name: 'list', listId: Number(second), tab };
      }
      return { name: 'lists' };
    case 'import':
      return { name: 'import' };
    case 'sync':
      return { name: 'sync', listId: second && /^\d+$/.test(second) ? Number(second) : null };
    case 'suppression':
      return { name: 'suppression' };
    case 'settings':
      return { name: 'settings' };
    case 'alerts':
      return { name: 'alerts' };
    default:
      return { name: 'lists' };
  }
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'lists':
      return '#/lists';
    case 'list':
      return route.tab === 'members' ? `#/lists/${route.listId}` : `#/lists/${route.listId}/${route.tab}`;
    case 'import':
      return '#/import';
    case 'sync':
      return route.listId === null ? '#/sync' : `#/sync/${route.listId}`;
    case 'suppression':
      return '#/suppression';
    case 'settings':
      return '#/settings';
    case 'alerts':
      return '#/alerts';
  }
}

export function navigate(route: Route): void {
  const href = hrefFor(route);
  if (window.location.hash !== href) window.location.hash = href;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
