import { useEffect, useRef, type ReactNode } from 'react';
import { Button, Icon, type IconName } from '../ui/index.js';
import { cx } from '../ui/cx.js';
import { ActivityPanel } from './ActivityPanel.js';
import { useImportDraft } from './import-draft.js';
import { hrefFor, type Route } from './router.js';
import { useServices } from './services.js';

interface NavItem {
  label: string;
  icon: IconName;
  route: Route;
  /** Routes that light this item up. */
  matches: Route['name'][];
}

const NAV: readonly NavItem[] = [
  { label: 'Lists', icon: 'lists', route: { name: 'lists' }, matches: ['lists', 'list', 'import'] },
  { label: 'Suppression', icon: 'shield', route: { name: 'suppression' }, matches: ['suppression'] },
  { label: 'Sync', icon: 'sync', route: { name: 'sync', listId: null }, matches: ['sync'] },
  { label: 'Alerts', icon: 'alert', route: { name: 'alerts' }, matches: ['alerts'] },
  { label: 'Settings', icon: 'settings', route: { name: 'settings' }, matches: ['settings'] },
];

/** Sidebar, activity, and the current screen. Focus moves to the new screen's heading on navigation. */
export function Shell({ route, children }: { route: Route; children: ReactNode }) {
  const { surface } = useServices();
  const { beginNew } = useImportDraft();
  const mainRef = useRef<HTMLElement>(null);
  const routeKey = hrefFor(route);
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    mainRef.current?.scrollTo?.({ top: 0 });
  }, [routeKey]);

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main" onClick={(event) => {
        event.preventDefault();
        mainRef.current?.focus();
      }}>
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            <Icon name="pin" size={18} />
          </span>
          <span className="brand-name">Pinlist</span>
        </div>
        <Button variant="primary" icon="upload" className="sidebar-import" title="Import file" onClick={() => beginNew()}>
          Import file
        </Button>
        <nav aria-label="Main">
          <ul className="nav-list">
            {NAV.map((item) => {
              const current = item.matches.includes(route.name);
              return (
                <li key={item.label}>
                  <a href={hrefFor(item.route)} className={cx('nav-link', current && 'is-current')} aria-current={current ? 'page' : undefined} title={item.label}>
                    <Icon name={item.icon} size={18} />
                    <span className="nav-label">{item.label}</span>
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="sidebar-bottom">
          <ActivityPanel />
          <p className="surface-note">{surface === 'electron' ? 'Desktop app' : 'Browser mode · this computer only'}</p>
        </div>
      </aside>
      <main id="main" ref={mainRef} className="main" tabIndex={-1}>
        <div className="content">{children}</div>
      </main>
    </div>
  );
}
