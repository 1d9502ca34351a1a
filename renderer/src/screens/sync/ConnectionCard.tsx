import { useState, type FormEvent } from 'react';
import type { AuthStatus, OutputOf } from '../../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { useSettings } from '../../app/settings.js';
import { useAction } from '../../app/useAction.js';
import { formatDateTime, formatRelative } from '../../lib/format.js';
import { Alert, Button, Card, ChoiceCards, DefinitionList, Dialog, ErrorAlert, StatusPill, TextArea, TextField } from '../../ui/index.js';

interface ConnectionCardProps {
  status: AuthStatus | undefined;
  error: unknown;
  loading: boolean;
  onChange(status: AuthStatus): void;
  onReload(verify?: boolean): void;
}

/** The Pinterest connection: who, until when, from where, and connect / disconnect. */
export function ConnectionCard({ status, error, loading, onChange, onReload }: ConnectionCardProps) {
  if (!status) {
    return (
      <Card title="Pinterest connection">
        {error ? <ErrorAlert error={error} title="Could not read the connection" actions={<Button size="sm" onClick={() => onReload()}>Try again</Button>} /> : <p className="muted">{loading ? 'Checking…' : ''}</p>}
      </Card>
    );
  }
  return status.connected ? <Connected status={status} onChange={onChange} onReload={onReload} loading={loading} error={error} /> : <Connect status={status} onChange={onChange} />;
}

function Connected({ status, onChange, onReload, loading, error }: { status: AuthStatus; onChange(status: AuthStatus): void; onReload(verify?: boolean): void; loading: boolean; error: unknown }) {
  const { client } = useServices();
  const [confirming, setConfirming] = useState(false);
  const { run, busy, error: logoutError } = useAction();
  const account = status.account;
  const name = account?.username ? `@${account.username}` : 'Connected account';

  const disconnect = () =>
    run(async () => {
      await client.call('auth.logout', {});
      setConfirming(false);
      onChange(await client.call('auth.status', {}));
    });

  return (
    <Card
      title="Pinterest connection"
      actions={
        <>
          <Button size="sm" icon="refresh" busy={loading} onClick={() => onReload(true)}>
            Check
          </Button>
          {status.source === 'keychain' && (
            <Button size="sm" variant="ghost" icon="unlink" onClick={() => setConfirming(true)}>
              Disconnect…
            </Button>
          )}
        </>
      }
    >
      <div className="stack" data-testid="connection">
        <div className="account-line">
          <span className="account-avatar" aria-hidden="true">
            {(account?.username ?? 'P').charAt(0).toUpperCase()}
          </span>
          <div>
            <p className="account-name">{name}</p>
            <p className="small muted">{account?.accountType ? `${account.accountType.toLowerCase()} account` : 'Pinterest account'}</p>
          </div>
          <StatusPill tone={status.problem ? 'warning' : 'success'}>{status.problem ? 'Needs attention' : 'Connected'}</StatusPill>
        </div>
        {status.problem && <Alert tone="warning">{status.problem}</Alert>}
        {status.missingScopes.length > 0 && (
          <Alert tone="warning" title="Permissions missing">
            Pinterest did not grant {status.missingScopes.join(', ')}. Disconnect and connect again, and allow them.
          </Alert>
        )}
        <DefinitionList
          items={[
            { label: 'Connected with', value: status.source === 'env' ? 'PINTEREST_ACCESS_TOKEN (from the environment, never stored)' : status.method === 'oauth' ? 'Your Pinterest app (sign-in)' : 'A pasted access token' },
            { label: 'Since', value: formatDateTime(status.connectedAt) },
            { label: 'Expires', value: expiryText(status) },
            ...(status.scopes ? [{ label: 'Permissions', value: status.scopes.join(', ') }] : []),
          ]}
        />
        <ErrorAlert error={error} title="Could not check the connection" />
      </div>
      <Dialog
        open={confirming}
        title="Disconnect from Pinterest?"
        description="The Pinterest secrets are removed from this computer’s keychain. Your lists, sync history and the customer lists on Pinterest stay as they are; connect again to keep syncing."
        onClose={() => setConfirming(false)}
        dismissable={!busy}
        footer={
          <>
            <Button onClick={() => setConfirming(false)}>Stay connected</Button>
            <Button variant="danger" busy={busy} onClick={() => void disconnect()}>
              Disconnect
            </Button>
          </>
        }
      >
        <ErrorAlert error={logoutError} title="Could not disconnect" />
      </Dialog>
    </Card>
  );
}

function expiryText(status: AuthStatus): string {
  if (status.source === 'env') return 'Managed outside Pinlist';
  if (!status.expiresAt) return status.canRefresh ? 'Renews itself' : 'Unknown (a pasted token): when it expires, paste a new one';
  const when = `${formatRelative(status.expiresAt)} (${formatDateTime(status.expiresAt)})`;
  return status.canRefresh ? `${when}; renews itself before then` : `${when}; then connect again`;
}

type Method = 'token' | 'oauth';

function Connect({ status, onChange }: { status: AuthStatus; onChange(status: AuthStatus): void }) {
  const [method, setMethod] = useState<Method>('token');
  return (
    <Card title="Connect to Pinterest" description="Pinlist needs an access token with ads:read and ads:write to create and update customer lists. Secrets are kept in this computer’s keychain, never in files.">
      <div className="stack" data-testid="connect">
        {status.keychain === 'unavailable' && !status.problem && (
          <Alert tone="warning" title="No keychain available">
            Pinlist will not store Pinterest secrets without the system keychain. Unlock or install one (on Linux, a Secret Service such as GNOME Keyring), or set PINTEREST_ACCESS_TOKEN in the environment.
          </Alert>
        )}
        {status.problem && (
          <Alert tone="warning" title={status.keychain === 'unavailable' ? 'No keychain available' : undefined}>
            {status.problem}
          </Alert>
        )}
        <ChoiceCards<Method>
          legend="How to connect"
          name="connect-method"
          columns={2}
          value={method}
          onChange={setMethod}
          options={[
            { value: 'token', label: 'Paste a token', description: 'Made in Pinterest’s developer portal. Quickest.' },
            { value: 'oauth', label: 'Sign in with your Pinterest app', description: 'Uses your app ID and secret; renews itself.' },
          ]}
        />
        {method === 'token' ? <TokenForm onConnected={onChange} /> : <OAuthForm status={status} onConnected={onChange} />}
      </div>
    </Card>
  );
}

function TokenForm({ onConnected }: { onConnected(status: AuthStatus): void }) {
  const { client } = useServices();
  const [accessToken, setAccessToken] = useState('');
  const [refreshToken, setRefreshToken] = useState('');
  const { run, busy, error } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const status = await client.call('auth.connectWithToken', { accessToken, ...(refreshToken.trim() ? { refreshToken } : {}) });
      setAccessToken('');
      setRefreshToken('');
      onConnected(status);
    });
  };
  return (
    <form className="stack" onSubmit={(event) => void submit(event)}>
      <TextArea
        label="Access token"
        hint="Starts with pina. Checked with Pinterest, then kept in the keychain."
        value={accessToken}
        rows={3}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => setAccessToken(event.target.value)}
      />
      <TextField
        label="Refresh token (optional)"
        hint="Starts with pinr. With it, and your app’s credentials, the connection renews itself."
        value={refreshToken}
        type="password"
        autoComplete="off"
        onChange={(event) => setRefreshToken(event.target.value)}
      />
      <ErrorAlert error={error} title="Not connected" />
      <div className="row">
        <Button type="submit" variant="primary" icon="key" busy={busy} disabled={!accessToken.trim()}>
          Connect
        </Button>
      </div>
    </form>
  );
}

type Started = OutputOf<'auth.startOAuth'>;

function OAuthForm({ status, onConnected }: { status: AuthStatus; onConnected(status: AuthStatus): void }) {
  const { client } = useServices();
  const { settings } = useSettings();
  const [appId, setAppId] = useState(status.appId ?? '');
  const [appSecret, setAppSecret] = useState('');
  const [redirectUri, setRedirectUri] = useState(status.redirectUri ?? settings.oauthRedirectUri);
  const [started, setStarted] = useState<Started | null>(null);
  const { run, busy, error } = useAction();

  const start = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      // Connected or not, the wait for Pinterest is over.
      try {
        const begun = await client.call('auth.startOAuth', { appId, ...(appSecret.trim() ? { appSecret } : {}), ...(redirectUri.trim() ? { redirectUri } : {}) });
        setStarted(begun);
        setAppSecret('');
        onConnected(await client.call('auth.completeOAuth', {}));
      } finally {
        setStarted(null);
      }
    });
  };

  if (started) {
    return (
      <div className="stack" role="status">
        <Alert tone="info" title="Waiting for Pinterest">
          {started.opened ? 'Pinterest’s sign-in page opened in your browser. ' : 'Open Pinterest’s sign-in page, sign in and allow access. '}
          Pinlist is listening on {started.redirectUri} until {formatDateTime(started.expiresAt)}.
        </Alert>
        <div className="row">
          {!started.opened && (
            <a className="btn btn-primary" href={started.authorizeUrl} target="_blank" rel="noopener noreferrer">
              Open Pinterest sign-in
            </a>
          )}
          <Button onClick={() => void client.call('auth.cancelOAuth', {}).catch(() => undefined)}>Cancel</Button>
        </div>
      </div>
    );
  }

  return (
    <form className="stack" onSubmit={(event) => void start(event)}>
      <div className="grid-2">
        <TextField label="App ID" inputMode="numeric" value={appId} autoComplete="off" onChange={(event) => setAppId(event.target.value)} />
        <TextField
          label="App secret"
          type="password"
          autoComplete="off"
          value={appSecret}
          hint={status.appSecretStored ? 'Already in the keychain: leave empty to use it.' : 'Needed once; kept in the keychain.'}
          onChange={(event) => setAppSecret(event.target.value)}
        />
      </div>
      <TextField
        label="Redirect URI"
        value={redirectUri}
        hint="Must match one of your app’s redirect URIs in the Pinterest developer portal."
        onChange={(event) => setRedirectUri(event.target.value)}
      />
      <ErrorAlert error={error} title="Sign-in did not complete" />
      <div className="row">
        <Button type="submit" variant="primary" icon="external" busy={busy} disabled={!appId.trim() || (!appSecret.trim() && !status.appSecretStored)}>
          Sign in with Pinterest
        </Button>
      </div>
    </form>
  );
}
