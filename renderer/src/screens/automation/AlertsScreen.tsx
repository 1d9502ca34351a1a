import './automation.css';
import { useEffect, useState } from 'react';
import { hrefFor } from '../../app/router.js';
import { useClient } from '../../app/services.js';
import { useResource } from '../../app/useResource.js';
import { formatDateTime, formatRelative } from '../../lib/format.js';
import { Button, Card, EmptyState, ErrorAlert, PageHeader, StatusPill, Switch } from '../../ui/index.js';
import { Loading } from '../common.js';
import { alertTitle } from '../../../../shared/automation-text.js';
import { ALERT_TONE } from './automation-text.js';

/** The Alerts view: what automated runs need someone to look at (and, on request, what was resolved). */
export function AlertsScreen() {
  const client = useClient();
  const [all, setAll] = useState(false);
  const alerts = useResource(() => client.call('alerts.list', { all }), [all]);
  const { reload } = alerts;
  useEffect(() => client.on('alerts.raised', () => reload()), [client, reload]);
  useEffect(() => client.on('automation.changed', () => reload()), [client, reload]);

  return (
    <>
      <PageHeader title="Alerts" meta={<span className="small muted">Failed or held automated runs, missing or stale sources, the Pinterest connection, small audiences.</span>} actions={<Switch label="Show resolved" checked={all} onChange={setAll} />} />
      {alerts.data === undefined ? (
        alerts.error ? <ErrorAlert error={alerts.error} title="Could not read the alerts" /> : <Loading label="Loading alerts…" />
      ) : alerts.data.length === 0 ? (
        <Card>
          <EmptyState compact icon="check" title={all ? 'No alerts yet' : 'No open alerts'}>
            Automated runs that fail or are held, and sources or connections that need attention, show up here.
          </EmptyState>
        </Card>
      ) : (
        <Card padded={false}>
          <ul className="alert-list" aria-label="Alerts">
            {alerts.data.map((alert) => (
              <li key={alert.id} className="alert-item" data-testid="alert-item">
                <div className="row-tight">
                  <StatusPill tone={alert.state === 'open' ? ALERT_TONE[alert.kind] : 'neutral'}>{alert.state === 'open' ? alertTitle(alert.kind) : `Resolved: ${alertTitle(alert.kind)}`}</StatusPill>
                  {alert.listId !== null && alert.list && (
                    <a href={hrefFor({ name: 'list', listId: alert.listId, tab: 'members' })} className="list-name">
                      {alert.list}
                    </a>
                  )}
                  <span className="small muted" title={formatDateTime(alert.updatedAt)}>
                    {formatRelative(alert.updatedAt)}
                  </span>
                </div>
                <p className="small">{alert.message}</p>
                {alert.state === 'open' && (
                  <Button size="sm" variant="ghost" onClick={() => void client.call('alerts.dismiss', { alertId: alert.id }).then(reload)}>
                    Dismiss
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
