import type {
  Alert,
  AlertKind,
  AutomationAction,
  AutomationRun,
  AutomationSettings,
  ListSource,
  RunTrigger,
  Schedule,
} from '../../../shared/contract/automation.js';
import type { ImportSummary } from '../../../shared/contract/import.js';
import type { MapOverride } from '../../../shared/columns.js';
import type { Db } from '../db/open.js';
import type { ImportMode } from '../store/commit.js';
import type { LockOwner } from '../sync/lock.js';

/** Rows of the automation tables (migration 004) and their views. */

interface SourceRow {
  kind: 'file' | 'folder';
  path: string;
  pattern: string | null;
  overrides_json: string;
  sheet: string | null;
  encoding: string | null;
  mode: ImportMode;
  seen_fingerprint: string | null;
}

export function getSource(db: Db, listId: number): ListSource | null {
  const row = db.prepare('SELECT * FROM list_sources WHERE list_id = ?').get(listId) as SourceRow | undefined;
  if (!row) return null;
  return {
    kind: row.kind,
    path: row.path,
    pattern: row.pattern,
    overrides: JSON.parse(row.overrides_json) as MapOverride[],
    sheet: row.sheet,
    encoding: row.encoding,
    mode: row.mode,
  };
}

export function saveSource(db: Db, listId: number, source: ListSource, at: string): void {
  db.prepare(
    `INSERT INTO list_sources (list_id, kind, path, pattern, overrides_json, sheet, encoding, mode, seen_fingerprint, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)
     ON CONFLICT (list_id) DO UPDATE SET kind = excluded.kind, path = excluded.path, pattern = excluded.pattern,
       overrides_json = excluded.overrides_json, sheet = excluded.sheet, encoding = excluded.encoding, mode = excluded.mode,
       seen_fingerprint = NULL, updated_at = excluded.updated_at`,
  ).run(listId, source.kind, source.path, source.pattern, JSON.stringify(source.overrides), source.sheet, source.encoding, source.mode, at, at);
}

export function clearSource(db: Db, listId: number): void {
  db.prepare('DELETE FROM list_sources WHERE list_id = ?').run(listId);
}

export function seenFingerprint(db: Db, listId: number): string | null {
  return (db.prepare('SELECT seen_fingerprint FROM list_sources WHERE list_id = ?').pluck().get(listId) as string | null | undefined) ?? null;
}

export function saveSeenFingerprint(db: Db, listId: number, fingerprint: string | null): void {
  db.prepare('UPDATE list_sources SET seen_fingerprint = ? WHERE list_id = ?').run(fingerprint, listId);
}

interface AutomationRow {
  list_id: number;
  schedule_kind: Schedule['kind'];
  every_hours: number | null;
  at_time: string | null;
  weekday: number | null;
  action: AutomationAction;
  ad_account_id: string | null;
  enabled: number;
  handled_until: string;
  created_at: string;
  updated_at: string;
}

export interface AutomationRecord extends AutomationSettings {
  listId: number;
  /** When the schedule was set: the anchor of every-N-hours slots. */
  anchor: number;
  handledUntil: number;
}

function scheduleOf(row: AutomationRow): Schedule {
  switch (row.schedule_kind) {
    case 'every':
      return { kind: 'every', hours: row.every_hours ?? 24 };
    case 'daily':
      return { kind: 'daily', time: row.at_time ?? '00:00' };
    case 'weekly':
      return { kind: 'weekly', day: row.weekday ?? 1, time: row.at_time ?? '00:00' };
    case 'on-change':
      return { kind: 'on-change' };
  }
}

function toAutomation(row: AutomationRow): AutomationRecord {
  return {
    listId: row.list_id,
    schedule: scheduleOf(row),
    action: row.action,
    adAccountId: row.ad_account_id,
    enabled: row.enabled === 1,
    anchor: Date.parse(row.updated_at),
    handledUntil: Date.parse(row.handled_until),
  };
}

export function getAutomation(db: Db, listId: number): AutomationRecord | null {
  const row = db.prepare('SELECT * FROM automations WHERE list_id = ?').get(listId) as AutomationRow | undefined;
  return row ? toAutomation(row) : null;
}

export function allAutomations(db: Db): AutomationRecord[] {
  return (db.prepare('SELECT * FROM automations WHERE enabled = 1 ORDER BY list_id').all() as AutomationRow[]).map(toAutomation);
}

/** Sets a schedule; the anchor and the handled slots restart at `at` (a new schedule does not run for slots before it). */
export function saveAutomation(db: Db, listId: number, settings: { schedule: Schedule; action: AutomationAction; adAccountId: string | null }, at: string): void {
  const s = settings.schedule;
  db.prepare(
    `INSERT INTO automations (list_id, schedule_kind, every_hours, at_time, weekday, action, ad_account_id, enabled, handled_until, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
     ON CONFLICT (list_id) DO UPDATE SET schedule_kind = excluded.schedule_kind, every_hours = excluded.every_hours, at_time = excluded.at_time,
       weekday = excluded.weekday, action = excluded.action, ad_account_id = excluded.ad_account_id, enabled = 1,
       handled_until = excluded.handled_until, updated_at = excluded.updated_at`,
  ).run(
    listId,
    s.kind,
    s.kind === 'every' ? s.hours : null,
    s.kind === 'daily' || s.kind === 'weekly' ? s.time : null,
    s.kind === 'weekly' ? s.day : null,
    settings.action,
    settings.adAccountId,
    at,
    at,
    at,
  );
}

export function deleteAutomation(db: Db, listId: number): void {
  db.prepare('DELETE FROM automations WHERE list_id = ?').run(listId);
}

export function markHandled(db: Db, listId: number, until: number): void {
  db.prepare('UPDATE automations SET handled_until = ? WHERE list_id = ? AND handled_until < ?').run(new Date(until).toISOString(), listId, new Date(until).toISOString());
}

// Runs

interface RunRow {
  id: number;
  list_id: number;
  trigger: RunTrigger;
  state: AutomationRun['state'];
  started_at: string;
  ended_at: string | null;
  duration_ms: number | null;
  file_name: string | null;
  import_json: string | null;
  sync_added: number | null;
  sync_removed: number | null;
  error_code: string | null;
  message: string | null;
}

function toRun(row: RunRow): AutomationRun {
  return {
    runId: row.id,
    listId: row.list_id,
    trigger: row.trigger,
    state: row.state,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms,
    fileName: row.file_name,
    import: row.import_json ? (JSON.parse(row.import_json) as ImportSummary) : null,
    sync: row.sync_added === null ? null : { added: row.sync_added, removed: row.sync_removed ?? 0 },
    error: row.error_code ? { code: row.error_code, message: row.message ?? '' } : null,
    message: row.message ?? '',
  };
}

export function startAutomationRun(db: Db, listId: number, trigger: RunTrigger, at: string, owner: LockOwner): number {
  return Number(
    db
      .prepare('INSERT INTO automation_runs (list_id, trigger, state, started_at, owner_pid, owner_host) VALUES (?, ?, ?, ?, ?, ?)')
      .run(listId, trigger, 'running', at, owner.pid, owner.host).lastInsertRowid,
  );
}

export interface RunEnd {
  state: Exclude<AutomationRun['state'], 'running' | 'interrupted'>;
  endedAt: string;
  durationMs: number;
  fileName: string | null;
  fileSha256: string | null;
  import: ImportSummary | null;
  sync: { added: number; removed: number; runId: number | null } | null;
  error: { code: string; message: string } | null;
  message: string;
}

export function finishAutomationRun(db: Db, runId: number, end: RunEnd): AutomationRun {
  db.prepare(
    `UPDATE automation_runs SET state = ?, ended_at = ?, duration_ms = ?, file_name = ?, file_sha256 = ?, import_json = ?,
       sync_added = ?, sync_removed = ?, sync_run_id = ?, error_code = ?, message = ? WHERE id = ?`,
  ).run(
    end.state,
    end.endedAt,
    Math.max(0, Math.round(end.durationMs)),
    end.fileName,
    end.fileSha256,
    end.import ? JSON.stringify(end.import) : null,
    end.sync?.added ?? null,
    end.sync?.removed ?? null,
    end.sync?.runId ?? null,
    end.error?.code ?? null,
    end.message,
    runId,
  );
  return getAutomationRun(db, runId)!;
}

/** Runs a killed process left 'running' (its lock was just taken over) are marked interrupted. */
export function interruptRunningRuns(db: Db, listId: number, at: string): number {
  return db
    .prepare("UPDATE automation_runs SET state = 'interrupted', ended_at = ?, message = 'The run stopped before it finished (the process ended). The next run picks up from what was saved.' WHERE list_id = ? AND state = 'running'")
    .run(at, listId).changes;
}

export function getAutomationRun(db: Db, runId: number): AutomationRun | undefined {
  const row = db.prepare('SELECT * FROM automation_runs WHERE id = ?').get(runId) as RunRow | undefined;
  return row ? toRun(row) : undefined;
}

export function automationRuns(db: Db, listId: number, limit = 10): AutomationRun[] {
  return (db.prepare('SELECT * FROM automation_runs WHERE list_id = ? ORDER BY id DESC LIMIT ?').all(listId, limit) as RunRow[]).map(toRun);
}

// Alerts

interface AlertRow {
  id: number;
  list_id: number | null;
  list_name: string | null;
  kind: AlertKind;
  state: 'open' | 'closed';
  message: string;
  opened_at: string;
  updated_at: string;
  closed_at: string | null;
}

function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    listId: row.list_id,
    list: row.list_name,
    kind: row.kind,
    state: row.state,
    message: row.message,
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}

const ALERT_SELECT = 'SELECT a.*, l.name AS list_name FROM alerts a LEFT JOIN lists l ON l.id = a.list_id';

export function listAlerts(db: Db, options: { all?: boolean; listId?: number } = {}): Alert[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!options.all) where.push("a.state = 'open'");
  if (options.listId !== undefined) {
    where.push('a.list_id = ?');
    params.push(options.listId);
  }
  const sql = `${ALERT_SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY a.updated_at DESC, a.id DESC`;
  return (db.prepare(sql).all(...params) as AlertRow[]).map(toAlert);
}

export function getAlert(db: Db, alertId: number): Alert | undefined {
  const row = db.prepare(`${ALERT_SELECT} WHERE a.id = ?`).get(alertId) as AlertRow | undefined;
  return row ? toAlert(row) : undefined;
}

/** Opens an alert, or refreshes the open one of the same list and kind. `opened`: whether it is new. */
export function upsertAlert(db: Db, listId: number | null, kind: AlertKind, message: string, runId: number | null, at: string): { alert: Alert; opened: boolean } {
  return db.transaction(() => {
    const open = db.prepare("SELECT id FROM alerts WHERE IFNULL(list_id, 0) = IFNULL(?, 0) AND kind = ? AND state = 'open'").pluck().get(listId, kind) as number | undefined;
    if (open !== undefined) {
      db.prepare('UPDATE alerts SET message = ?, run_id = ?, updated_at = ? WHERE id = ?').run(message, runId, at, open);
      return { alert: getAlert(db, open)!, opened: false };
    }
    const id = Number(
      db.prepare("INSERT INTO alerts (list_id, kind, state, message, run_id, opened_at, updated_at) VALUES (?, ?, 'open', ?, ?, ?, ?)").run(listId, kind, message, runId, at, at).lastInsertRowid,
    );
    return { alert: getAlert(db, id)!, opened: true };
  })();
}

/** Closes the open alerts of these kinds for a list (null: the global ones); returns those closed. */
export function closeAlerts(db: Db, listId: number | null, kinds: readonly AlertKind[], at: string): Alert[] {
  if (kinds.length === 0) return [];
  const placeholders = kinds.map(() => '?').join(', ');
  const ids = db
    .prepare(`SELECT id FROM alerts WHERE IFNULL(list_id, 0) = IFNULL(?, 0) AND state = 'open' AND kind IN (${placeholders})`)
    .pluck()
    .all(listId, ...kinds) as number[];
  for (const id of ids) db.prepare("UPDATE alerts SET state = 'closed', closed_at = ?, updated_at = ? WHERE id = ?").run(at, at, id);
  return ids.map((id) => getAlert(db, id)!);
}

export function dismissAlert(db: Db, alertId: number, at: string): boolean {
  return db.prepare("UPDATE alerts SET state = 'closed', closed_at = ?, updated_at = ? WHERE id = ? AND state = 'open'").run(at, at, alertId).changes > 0;
}

/**
 * When the list's data last changed: its newest import, or the newest run that imported (stamped by
 * the automation's clock), whichever is later. How long a source has gone unchanged counts from it.
 */
export function lastChangeAt(db: Db, listId: number): number | null {
  const imported = db.prepare('SELECT created_at FROM imports WHERE list_id = ? ORDER BY id DESC LIMIT 1').pluck().get(listId) as string | undefined;
  const ran = db.prepare('SELECT started_at FROM automation_runs WHERE list_id = ? AND import_json IS NOT NULL ORDER BY id DESC LIMIT 1').pluck().get(listId) as string | undefined;
  const times = [imported, ran].filter((t): t is string => t !== undefined).map(Date.parse);
  return times.length > 0 ? Math.max(...times) : null;
}
