import { useId, type ReactNode } from 'react';
import { IDENTIFIER_KINDS, KIND_LABEL, type IdentifierKind } from '../../../shared/identifiers.js';
import type { ListMemberCounts } from '../../../shared/contract/lists.js';
import { formatCount } from '../lib/format.js';
import { Spinner } from '../ui/index.js';

/** Short names for a kind where space is tight ("Android ID" rather than "Android ad ID"). */
export const KIND_SHORT: Record<IdentifierKind, string> = { email: 'Emails', gaid: 'Android IDs', idfa: 'IDFAs' };

export function kindLabel(kind: IdentifierKind): string {
  return KIND_LABEL[kind];
}

/** Plural nouns for counts in running text: "12,000 emails". */
export const KIND_NOUN: Record<IdentifierKind, string> = { email: 'emails', gaid: 'Android IDs', idfa: 'IDFAs' };

/** "12,000 emails · 300 Android IDs", skipping kinds with none. */
export function KindBreakdown({ members }: { members: ListMemberCounts }) {
  const parts = IDENTIFIER_KINDS.filter((kind) => members[kind] > 0);
  if (parts.length === 0) return <span className="muted">No members</span>;
  return (
    <span className="kind-breakdown">
      {parts.map((kind) => (
        <span key={kind} className="kind-part">
          <span className="tabular">{formatCount(members[kind])}</span> {KIND_NOUN[kind]}
        </span>
      ))}
    </span>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <Spinner size={18} />
      <span>{label}</span>
    </div>
  );
}

export function Section({ title, children, actions }: { title: ReactNode; children: ReactNode; actions?: ReactNode }) {
  const id = useId();
  return (
    <section className="section" aria-labelledby={id}>
      <div className="section-head">
        <h2 id={id} className="section-title">
          {title}
        </h2>
        {actions && <div className="row">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
