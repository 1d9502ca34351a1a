import type { AlertKind, AutomationRun, Schedule } from '../../../../shared/contract/automation.js';
import type { Tone } from '../../ui/index.js';

/** The words and tones of automation: runs, schedules and alerts, as every automation screen shows them. */

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export function describeSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'every':
      return schedule.hours === 1 ? 'Every hour' : `Every ${schedule.hours} hours`;
    case 'daily':
      return `Daily at ${schedule.time}`;
    case 'weekly':
      return `Weekly on ${WEEKDAY_NAMES[schedule.day]} at ${schedule.time}`;
    case 'on-change':
      return 'When the source changes';
  }
}

export const RUN_OUTCOME: Record<AutomationRun['state'], { label: string; tone: Tone }> = {
  running: { label: 'Running', tone: 'info' },
  ok: { label: 'Done', tone: 'success' },
  unchanged: { label: 'Unchanged', tone: 'neutral' },
  failed: { label: 'Failed', tone: 'danger' },
  held: { label: 'Held', tone: 'warning' },
  skipped: { label: 'Skipped', tone: 'neutral' },
  interrupted: { label: 'Interrupted', tone: 'warning' },
};

export const RUN_TRIGGER: Record<AutomationRun['trigger'], string> = {
  schedule: 'Schedule',
  'source-change': 'Source changed',
  manual: 'Manual',
};

export const ALERT_TITLE: Record<AlertKind, string> = {
  'run-failed': 'Automated run failed',
  held: 'Sync held by the shrink guard',
  'source-missing': 'Source missing',
  'source-stale': 'Source not updated',
  'connection-expiring': 'Pinterest connection expiring',
  'connection-expired': 'Pinterest connection expired',
  'audience-small': 'Audience below 100 members',
  'match-rate-drop': 'Match rate dropped',
};

export const ALERT_TONE: Record<AlertKind, Tone> = {
  'run-failed': 'danger',
  held: 'warning',
  'source-missing': 'danger',
  'source-stale': 'warning',
  'connection-expiring': 'warning',
  'connection-expired': 'danger',
  'audience-small': 'warning',
  'match-rate-drop': 'warning',
};
