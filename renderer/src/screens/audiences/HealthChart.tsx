import type { AudienceReading } from '../../../../shared/contract/audiences.js';
import type { IdentifierKind } from '../../../../shared/identifiers.js';
import { LineChart, type LineSeries } from '../../ui/index.js';
import { KIND_SHORT } from '../common.js';

const TONES: Record<IdentifierKind, LineSeries['tone']> = { email: 'accent', gaid: 'info', idfa: 'success' };

/** Audience size against the list's own size, and the match rate, over the readings kept. */
export function HealthChart({ history }: { history: readonly AudienceReading[] }) {
  const kinds = [...new Set(history.map((r) => r.kind))];
  const sizes: LineSeries[] = kinds.flatMap((kind) => {
    const mine = history.filter((r) => r.kind === kind);
    return [
      { key: `${kind}-size`, label: `${KIND_SHORT[kind]}: audience size`, tone: TONES[kind], points: mine.filter((r) => r.size !== null).map((r) => ({ at: r.takenAt, value: r.size! })) },
      { key: `${kind}-list`, label: `${KIND_SHORT[kind]}: list size`, tone: 'muted' as const, dashed: true, points: mine.map((r) => ({ at: r.takenAt, value: r.listMembers })) },
    ];
  });
  const rates: LineSeries[] = kinds.map((kind) => ({
    key: `${kind}-rate`,
    label: `${KIND_SHORT[kind]}: match rate (%)`,
    tone: TONES[kind],
    points: history.filter((r) => r.kind === kind && r.matchRate !== null).map((r) => ({ at: r.takenAt, value: r.matchRate! })),
  }));
  return (
    <div className="audience-charts">
      <LineChart title="Audience size against the list’s own size" series={sizes} empty="No readings yet: Pinlist reads 1, 6, 24 and 48 hours after a sync." />
      <LineChart title="Match rate over time (%)" series={rates} empty="No match rate yet: Pinterest sizes an audience 24 to 48 hours after an upload." />
    </div>
  );
}
