import './automation.css';
import { useEffect, useState } from 'react';
import type { AutomationRun, AutomationView, Schedule } from '../../../../shared/contract/automation.js';
import { useClient } from '../../app/services.js';
import { useAction } from '../../app/useAction.js';
import { useResource } from '../../app/useResource.js';
import { formatDateTime, formatRelative } from '../../lib/format.js';
import { AddedRemoved, Button, Card, DefinitionList, ErrorAlert, Select, StatusPill, TextField, useToast } from '../../ui/index.js';
import { Loading } from '../common.js';
import { scheduleLabel, WEEKDAY_NAMES } from '../../../../shared/automation-text.js';
import { RUN_OUTCOME, RUN_TRIGGER } from './automation-text.js';

/** A list's "Automation" panel: its source, schedule, destination, next run and last runs; edit and run now. */
export function AutomationPanel({ listId, onRan }: { listId: number; onRan?: () => void }) {
  const client = useClient();
  const toast = useToast();
  const view = useResource(() => client.call('automation.get', { listId, runs: 5 }), [listId]);
  const [editing, setEditing] = useState(false);
  const [running, setRunning] = useState(false);
  const { reload } = view;
  useEffect(() => client.on('automation.changed', (payload) => payload.listId === listId && reload()), [client, listId, reload]);

  if (view.data === undefined) {
    return <Card title="Automation">{view.error ? <ErrorAlert error={view.error} title="Could not read the automation" /> : <Loading label="Loading the automation…" />}</Card>;
  }
  const data = view.data;
  const runNow = async () => {
    setRunning(true);
    try {
      const run = await client.call('automation.runNow', { listId });
      toast({ tone: run.state === 'failed' || run.state === 'held' ? 'warning' : 'success', title: `Refresh: ${RUN_OUTCOME[run.state].label}`, message: run.message });
      reload();
      onRan?.();
    } catch (error) {
      toast({ tone: 'danger', title: 'Could not refresh', message: (error as Error).message });
    } finally {
      setRunning(false);
    }
  };

  return (
    <Card
      title="Automation"
      description="Where this list's data comes from, and when it refreshes and syncs itself."
      data-testid="automation-panel"
      actions={
        <div className="row">
          <Button size="sm" icon="refresh" busy={running} disabled={!data.source} onClick={() => void runNow()}>
            Refresh now
          </Button>
          <Button size="sm" icon="settings" onClick={() => setEditing((value) => !value)} aria-expanded={editing}>
            {editing ? 'Close' : 'Edit…'}
          </Button>
        </div>
      }
    >
      <div className="stack">
        <DefinitionList
          items={[
            { label: 'Source', value: sourceText(data) },
            { label: 'Schedule', value: data.automation ? scheduleLabel(data.automation.schedule) : <span className="muted">Off</span> },
            {
              label: 'Then',
              value: !data.automation ? '—' : data.automation.action === 'refresh' ? 'Refresh only' : `Refresh and sync to ad account ${data.automation.adAccountId ?? '(the one it syncs to)'}`,
            },
            {
              label: 'Next run',
              value: data.nextRunAt ? <span title={formatDateTime(data.nextRunAt)}>{formatDateTime(data.nextRunAt)}</span> : data.automation?.schedule.kind === 'on-change' ? 'When the source changes' : '—',
            },
          ]}
        />
        {editing && (
          <AutomationForm
            view={data}
            onSaved={() => {
              setEditing(false);
              reload();
            }}
          />
        )}
        <LastRuns runs={data.lastRuns} />
      </div>
    </Card>
  );
}

function sourceText(view: AutomationView) {
  const s = view.source;
  if (!s) return <span className="muted">None: imports are by hand</span>;
  return (
    <span className="truncate" title={s.path}>
      {s.kind === 'file' ? s.path : `Newest ${s.pattern} in ${s.path}`} · {s.mode}
    </span>
  );
}

function LastRuns({ runs }: { runs: AutomationRun[] }) {
  if (runs.length === 0) return <p className="small muted">No automated runs yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Last runs</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Trigger</th>
            <th scope="col">Outcome</th>
            <th scope="col">Imported</th>
            <th scope="col">Synced</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.runId}>
              <td title={formatDateTime(run.startedAt)}>{formatRelative(run.startedAt)}</td>
              <td>{RUN_TRIGGER[run.trigger]}</td>
              <td>
                <StatusPill tone={RUN_OUTCOME[run.state].tone}>{RUN_OUTCOME[run.state].label}</StatusPill>
              </td>
              <td>{run.import ? <AddedRemoved added={run.import.added} removed={run.import.removed} /> : <span className="muted">—</span>}</td>
              <td>{run.sync ? <AddedRemoved added={run.sync.added} removed={run.sync.removed} /> : <span className="muted">—</span>}</td>
              <td className="small">{run.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type ScheduleChoice = 'off' | Schedule['kind'];

function AutomationForm({ view, onSaved }: { view: AutomationView; onSaved(): void }) {
  const client = useClient();
  const current = view.automation?.schedule;
  const [kind, setKind] = useState<'file' | 'folder'>(view.source?.kind ?? 'folder');
  const [sourcePath, setSourcePath] = useState(view.source?.path ?? '');
  const [pattern, setPattern] = useState(view.source?.pattern ?? 'contacts_*.csv');
  const [when, setWhen] = useState<ScheduleChoice>(current?.kind ?? 'off');
  const [hours, setHours] = useState(current?.kind === 'every' ? String(current.hours) : '6');
  const [time, setTime] = useState(current?.kind === 'daily' || current?.kind === 'weekly' ? current.time : '06:00');
  const [day, setDay] = useState(current?.kind === 'weekly' ? String(current.day) : '1');
  const [action, setAction] = useState<'refresh' | 'refresh-sync'>(view.automation?.action ?? 'refresh-sync');
  const [adAccount, setAdAccount] = useState(view.automation?.adAccountId ?? '');
  const { run, busy: saving, error } = useAction();

  const schedule = (): Schedule | null => {
    switch (when) {
      case 'off':
        return null;
      case 'every':
        return { kind: 'every', hours: Number(hours) };
      case 'daily':
        return { kind: 'daily', time };
      case 'weekly':
        return { kind: 'weekly', day: Number(day), time };
      case 'on-change':
        return { kind: 'on-change' };
    }
  };

  const save = () =>
    run(async () => {
      if (sourcePath.trim() === '') {
        if (view.source) await client.call('automation.clearSource', { listId: view.listId });
      } else {
        await client.call('automation.setSource', {
          listId: view.listId,
          kind,
          path: sourcePath.trim(),
          ...(kind === 'folder' ? { pattern: pattern.trim() } : {}),
          overrides: view.source?.overrides,
          mode: view.source?.mode,
        });
      }
      await client.call('automation.setSchedule', {
        listId: view.listId,
        schedule: schedule(),
        action,
        adAccountId: action === 'refresh' ? null : adAccount.trim() || null,
      });
      onSaved();
    });

  return (
    <form
      className="stack automation-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="row">
        <Select<'file' | 'folder'> label="Source" value={kind} onChange={setKind} options={[{ value: 'folder', label: 'Newest file in a folder' }, { value: 'file', label: 'One file' }]} />
        <TextField label={kind === 'file' ? 'File path' : 'Folder'} value={sourcePath} onChange={(event) => setSourcePath(event.target.value)} placeholder={kind === 'file' ? '/exports/crm.csv' : '/exports'} hint="Empty: no source (imports by hand)." />
        {kind === 'folder' && <TextField label="File name pattern" value={pattern} onChange={(event) => setPattern(event.target.value)} hint="* matches anything, e.g. contacts_*.csv" />}
      </div>
      <div className="row">
        <Select<ScheduleChoice>
          label="When"
          value={when}
          onChange={setWhen}
          options={[
            { value: 'off', label: 'Off' },
            { value: 'every', label: 'Every N hours' },
            { value: 'daily', label: 'Daily' },
            { value: 'weekly', label: 'Weekly' },
            { value: 'on-change', label: 'When the source changes' },
          ]}
        />
        {when === 'every' && <TextField label="Hours" type="number" min={1} max={8760} value={hours} onChange={(event) => setHours(event.target.value)} />}
        {when === 'weekly' && <Select label="Day" value={day} onChange={setDay} options={WEEKDAY_NAMES.map((name, index) => ({ value: String(index), label: name }))} />}
        {(when === 'daily' || when === 'weekly') && <TextField label="Time (this computer's)" type="time" value={time} onChange={(event) => setTime(event.target.value)} />}
      </div>
      <div className="row">
        <Select<'refresh' | 'refresh-sync'> label="Then" value={action} onChange={setAction} options={[{ value: 'refresh-sync', label: 'Refresh and sync' }, { value: 'refresh', label: 'Refresh only' }]} />
        {action === 'refresh-sync' && <TextField label="Ad account" value={adAccount} onChange={(event) => setAdAccount(event.target.value)} inputMode="numeric" hint="Empty: the ad account this list already syncs to." />}
      </div>
      {error !== null && <ErrorAlert error={error} title="Could not save the automation" />}
      <div className="row">
        <Button type="submit" variant="primary" busy={saving}>
          Save automation
        </Button>
      </div>
    </form>
  );
}
