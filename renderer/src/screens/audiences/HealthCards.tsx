import type { AudienceHealth, KindHealth } from '../../../../shared/contract/audiences.js';
import { formatCount, formatDateTime } from '../../lib/format.js';
import { Alert, Card, DefinitionList, StatusPill } from '../../ui/index.js';
import { KIND_SHORT } from '../common.js';
import { formatRate, statusLabel, statusTone } from './audience-text.js';

/** One card per kind: status, size, match rate with its date, readiness while Pinterest matches. */
export function HealthCards({ health }: { health: AudienceHealth }) {
  return (
    <div className="stack">
      {health.flags.map((flag) => (
        <Alert key={`${flag.kind}-${flag.type}`} tone={flag.type === 'near-minimum' ? 'warning' : 'danger'} title={flag.type === 'match-rate-drop' ? 'Match rate dropped' : 'Audience near the minimum'}>
          {flag.message}
        </Alert>
      ))}
      <div className="audience-health-grid">
        {/* With one kind, its own card says the same. */}
        {health.overall && health.kinds.filter((k) => k.matchRate !== null).length > 1 && (
          <Card title="All kinds" level={3} data-testid="health-overall">
            <p className="audience-rate num">{formatRate(health.overall.matchRate)}</p>
            <p className="small muted">
              match rate: {formatCount(health.overall.size)} found of {formatCount(health.overall.confirmed)} sent, read {formatDateTime(health.overall.at)}
            </p>
          </Card>
        )}
        {health.kinds.map((kind) => (
          <KindCard key={`${kind.adAccountId}-${kind.kind}`} kind={kind} />
        ))}
      </div>
    </div>
  );
}

function KindCard({ kind }: { kind: KindHealth }) {
  return (
    <Card
      title={KIND_SHORT[kind.kind]}
      level={3}
      actions={<StatusPill tone={statusTone(kind.status)}>{statusLabel(kind)}</StatusPill>}
      data-testid={`health-${kind.kind}`}
    >
      <p className="audience-rate num" aria-label={`Match rate ${formatRate(kind.matchRate)}`}>
        {formatRate(kind.matchRate)}
      </p>
      <p className="small muted">{kind.matchRateAt ? `match rate, read ${formatDateTime(kind.matchRateAt)}` : 'match rate: shown once Pinterest reports a size'}</p>
      {kind.readyInHours !== null && (
        <p className="small">
          Ready in about {kind.readyInHours} {kind.readyInHours === 1 ? 'hour' : 'hours'}. <span className="muted">{kind.timing}</span>
        </p>
      )}
      {kind.readyInHours === null && kind.timing && <p className="small muted">{kind.timing}</p>}
      <DefinitionList
        items={[
          { label: 'Audience size', value: kind.size === null ? 'not sized yet' : formatCount(kind.size) },
          { label: 'Confirmed members', value: formatCount(kind.confirmed) },
          { label: 'Records uploaded', value: kind.uploaded === null ? '—' : formatCount(kind.uploaded) },
          { label: 'Checked', value: kind.checkedAt ? formatDateTime(kind.checkedAt) : 'never' },
        ]}
      />
      {kind.problem && <p className="small text-danger">{kind.problem}</p>}
    </Card>
  );
}
