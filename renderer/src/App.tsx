import { useEffect, useState } from 'react';
import type { OutputOf } from '../../shared/contract/index.js';
import { client, transport } from './api/client.js';

type AppInfo = OutputOf<'app.info'>;

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    client.call('app.info', {}).then(setInfo, (failure: Error) => setError(failure.message));
  }, []);

  return (
    <div className="app-shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Pinlist</div>
        <ul>
          <li>
            <a href="#lists" aria-current="page">
              Lists
            </a>
          </li>
        </ul>
      </nav>
      <main className="content">
        <h1>Lists</h1>
        <p className="lead">Turn customer spreadsheets into match-ready, hashed Pinterest lists. Raw emails and ad IDs never leave this computer.</p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {info && (
          <dl className="facts" data-testid="app-info">
            <dt>Version</dt>
            <dd>{info.version}</dd>
            <dt>Data folder</dt>
            <dd>{info.dataDir}</dd>
            <dt>Running as</dt>
            <dd>{transport.surface === 'electron' ? 'Desktop app' : 'Browser mode'}</dd>
          </dl>
        )}
      </main>
    </div>
  );
}
