import type { SyncRunState } from '../../../shared/contract/sync.js';
import type { Tone } from '../ui/index.js';

export const RUN_STATE: Record<SyncRunState, { label: string; tone: Tone }> = {
  running: { label: 'Running', tone: 'info' },
  succeeded: { label: 'Synced', tone: 'success' },
  failed: { label: 'Stopped', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
  interrupted: { label: 'Interrupted', tone: 'warning' },
};

/** Pinterest's status words (READY, PROCESSING, TOO_SMALL…) as people say them, with a tone. */
export function remoteStatus(status: string | null | undefined): { label: string; tone: Tone } {
  if (!status) return { label: 'Unknown', tone: 'neutral' };
  const upper = status.toUpperCase();
  if (upper === 'READY' || upper === 'ACTIVE') return { label: 'Ready', tone: 'success' };
  if (upper === 'TOO_SMALL') return { label: 'Too small', tone: 'warning' };
  if (upper === 'PROCESSING' || upper === 'INITIALIZING' || upper === 'UPLOADING') return { label: sentenceCase(upper), tone: 'info' };
  if (upper.includes('FAIL') || upper === 'DELETED' || upper === 'ARCHIVED') return { label: sentenceCase(upper), tone: 'danger' };
  return { label: sentenceCase(upper), tone: 'neutral' };
}

function sentenceCase(value: string): string {
  const words = value.replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
