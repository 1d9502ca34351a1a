import { useRef } from 'react';
import type { SyncGuardrail, SyncReport } from '../../../../shared/contract/sync.js';
import { formatCount, formatDecimal } from '../../lib/format.js';
import { Button, Dialog } from '../../ui/index.js';
import { KIND_SHORT } from '../common.js';

export function guardrailSentence(guardrail: SyncGuardrail): string {
  const kind = KIND_SHORT[guardrail.kind];
  if (guardrail.reason === 'shrink') {
    return `${kind}: removes ${formatCount(guardrail.removes)} of the ${formatCount(guardrail.confirmed)} members Pinterest holds (${formatDecimal(guardrail.percent)}%), more than your ${formatDecimal(guardrail.limit)}% limit. ${formatCount(guardrail.after)} would remain.`;
  }
  return `${kind}: leaves ${formatCount(guardrail.after)} members, under the minimum of ${formatCount(guardrail.limit)}. An audience that small stops serving ads.`;
}

/** The shrink guard: a sync that removes a lot needs the user to confirm, with the numbers in front of them. */
export function ShrinkGuardDialog({ report, open, busy, onCancel, onConfirm }: { report: SyncReport; open: boolean; busy: boolean; onCancel(): void; onConfirm(): void }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      open={open}
      tone="danger"
      title={`Remove ${formatCount(report.removed)} members from Pinterest?`}
      description="This sync removes more than your guardrails allow without asking. Check the numbers before you go on."
      onClose={onCancel}
      initialFocus={cancelRef}
      dismissable={!busy}
      footer={
        <>
          <Button ref={cancelRef} onClick={onCancel} disabled={busy}>
            Don’t sync
          </Button>
          <Button variant="danger" busy={busy} onClick={onConfirm}>
            Sync and remove {formatCount(report.removed)}
          </Button>
        </>
      }
    >
      <ul className="guardrail-list" data-testid="shrink-guard">
        {report.guardrails.map((guardrail) => (
          <li key={`${guardrail.kind}:${guardrail.reason}`}>{guardrailSentence(guardrail)}</li>
        ))}
      </ul>
      <p className="small muted">
        It also adds {formatCount(report.added)}. You can change these limits in Settings.
      </p>
    </Dialog>
  );
}
