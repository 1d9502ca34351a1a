import type { KindHealth } from '../../../../shared/contract/audiences.js';
import type { Tone } from '../../ui/index.js';

/** Words and tones for audience health, shared by the cards, the dialogs and the tests. */

export function statusTone(status: string | null): Tone {
  if (status === 'READY') return 'success';
  if (status === 'INITIALIZING') return 'info';
  if (status === 'TOO_SMALL') return 'warning';
  return 'neutral';
}

export function statusLabel(kind: Pick<KindHealth, 'status' | 'audienceState'>): string {
  if (kind.status === 'READY') return 'Ready';
  if (kind.status === 'INITIALIZING') return 'Matching';
  if (kind.status === 'TOO_SMALL') return 'Too small';
  if (kind.status) return kind.status;
  if (kind.audienceState === 'pending') return 'No audience yet';
  return 'Not checked';
}

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${rate}%`;
}

/** What a lookalike size means, in words (1 % most similar … 10 % broadest). */
export function percentageWords(percentage: number): string {
  if (percentage <= 2) return 'The most similar people: smallest, closest to your list.';
  if (percentage <= 5) return 'A balance of similarity and reach.';
  if (percentage <= 8) return 'Broader: more people, less alike.';
  return 'The broadest: the most people, least alike.';
}
