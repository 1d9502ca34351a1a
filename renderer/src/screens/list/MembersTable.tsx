import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type CSSProperties } from 'react';
import { MAX_PAGE_ROWS } from '../../../../shared/contract/lists.js';
import type { IdentifierKind } from '../../../../shared/identifiers.js';
import { useClient } from '../../app/services.js';
import { formatCount } from '../../lib/format.js';
import { ErrorAlert, Select } from '../../ui/index.js';

const ROW_HEIGHT = 30;
/** Rows per request: what a tall window shows, with a margin, well under the contract's maximum. */
const PAGE_ROWS = Math.min(250, MAX_PAGE_ROWS);
/**
 * Browsers cap an element's height near 33 million pixels, so one scroll area holds at most this
 * many rows; bigger lists are shown a million rows at a time (a section picker).
 */
const SECTION_ROWS = 1_000_000;

interface MembersTableProps {
  listId: number;
  kind: IdentifierKind;
  total: number;
  /** For the accessible name, e.g. "Emails". */
  kindLabel: string;
}

/**
 * The list's member hashes of one kind in a virtualized table: only the rows in view (plus a
 * small overscan) are in the DOM, and pages of hashes are fetched as they scroll into view.
 */
export function MembersTable({ listId, kind, total, kindLabel }: MembersTableProps) {
  const client = useClient();
  const [section, setSection] = useState(0);
  const sectionCount = Math.max(1, Math.ceil(total / SECTION_ROWS));
  const base = section * SECTION_ROWS;
  const count = Math.max(0, Math.min(SECTION_ROWS, total - base));
  const scrollRef = useRef<HTMLDivElement>(null);
  const pages = useRef(new Map<number, string[]>());
  const pending = useRef(new Set<number>());
  const [, setVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);

  // Another list, kind or size (after an import): forget the cached pages.
  useEffect(() => {
    pages.current = new Map();
    pending.current = new Set();
    setVersion((value) => value + 1);
  }, [listId, kind, total]);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // jsdom and the first paint have no layout: assume a window's worth of rows.
    initialRect: { width: 800, height: 480 },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  const load = useCallback(
    (page: number) => {
      if (pages.current.has(page) || pending.current.has(page)) return;
      pending.current.add(page);
      const requested = pages.current;
      client.call('lists.members', { listId, kind, offset: page * PAGE_ROWS, limit: PAGE_ROWS }).then(
        (result) => {
          if (requested !== pages.current) return;
          pending.current.delete(page);
          pages.current.set(page, result.hashes);
          setVersion((value) => value + 1);
        },
        (failure: unknown) => {
          pending.current.delete(page);
          setError(failure);
        },
      );
    },
    [client, listId, kind],
  );

  useEffect(() => {
    if (last < first) return;
    // Wait for scrolling to settle a little, so a fast fling does not request every page on the way.
    const timer = setTimeout(() => {
      for (let page = Math.floor((base + first) / PAGE_ROWS); page <= Math.floor((base + last) / PAGE_ROWS); page += 1) load(page);
    }, 40);
    return () => clearTimeout(timer);
  }, [first, last, base, load]);

  const hashAt = (index: number): string | undefined => pages.current.get(Math.floor(index / PAGE_ROWS))?.[index % PAGE_ROWS];

  return (
    <div>
      {sectionCount > 1 && (
        <div className="panel-toolbar">
        <Select
          label="Rows shown"
          size="sm"
          value={String(section)}
          options={Array.from({ length: sectionCount }, (_, index) => ({
            value: String(index),
            label: `${formatCount(index * SECTION_ROWS + 1)} – ${formatCount(Math.min(total, (index + 1) * SECTION_ROWS))}`,
          }))}
          onChange={(value) => {
            setSection(Number(value));
            scrollRef.current?.scrollTo({ top: 0 });
          }}
        />
        </div>
      )}
      {error !== null && <ErrorAlert error={error} title="Could not load members" />}
      <div
        className="members-table"
        role="table"
        aria-label={`${kindLabel}: member hashes`}
        aria-rowcount={total + 1}
        data-testid="members-table"
        style={{ '--members-index-width': `${formatCount(Math.max(1, base + count)).length}ch` } as CSSProperties}
      >
        <div role="rowgroup" className="members-head">
          <div role="row" aria-rowindex={1} className="members-row">
            <span role="columnheader" className="members-index">
              #
            </span>
            <span role="columnheader">SHA-256</span>
          </div>
        </div>
        <div ref={scrollRef} className="members-scroll" tabIndex={0} aria-label={`Scrollable ${kindLabel.toLowerCase()} table`} role="rowgroup">
          <div className="members-spacer" role="presentation" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const index = base + item.index;
              const hash = hashAt(index);
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={index + 2}
                  className="members-row"
                  style={{ transform: `translateY(${item.start}px)`, height: item.size }}
                >
                  <span role="cell" className="members-index num">
                    {formatCount(index + 1)}
                  </span>
                  <span role="cell" className="mono members-hash">
                    {hash ?? (
                      <span className="skeleton">
                        <span className="visually-hidden">Loading</span>
                      </span>
                    )}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
