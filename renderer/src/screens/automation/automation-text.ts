import type { AlertKind, AutomationRun } from '../../../../shared/contract/automation.js';
import type { Tone } from '../../ui/index.js';

/**
 * The words and tones of automation runs and alerts on screen. Schedule words and alert titles
 * are shared with the CLI and the core: `shared/automation-text.ts`.
 */

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
