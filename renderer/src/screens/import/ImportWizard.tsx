import { useEffect, useRef } from 'react';
import { useImportDraft, type WizardStep } from '../../app/import-draft.js';
import { importSummaryOf } from '../../app/job-results.js';
import { useJob } from '../../app/jobs.js';
import { formatAdded, formatRemoved } from '../../lib/format.js';
import { cx } from '../../ui/cx.js';
import { Icon, PageHeader } from '../../ui/index.js';
import { ColumnsStep } from './ColumnsStep.js';
import { DestinationStep } from './DestinationStep.js';
import { FileStep } from './FileStep.js';
import { ImportRunStep } from './ImportRunStep.js';

const STEPS: readonly { step: WizardStep; label: string }[] = [
  { step: 'file', label: 'File' },
  { step: 'columns', label: 'Columns' },
  { step: 'destination', label: 'Destination' },
  { step: 'importing', label: 'Import' },
  { step: 'done', label: 'Summary' },
];

/** Where keyboard focus lands when a step's content appears: its outcome or error first, else its first heading. */
const FOCUS_TARGETS = ['[data-testid="unreadable-file"]', '[data-testid="import-summary"]', 'h2'];

function focusNewContent(container: HTMLElement | null): void {
  if (!container) return;
  for (const selector of FOCUS_TARGETS) {
    const target = container.querySelector<HTMLElement>(selector);
    if (target) {
      if (target.tabIndex < 0 && !target.hasAttribute('tabindex')) target.tabIndex = -1;
      target.focus({ preventScroll: false });
      return;
    }
  }
  container.focus();
}

/** Pick or drop a file → check the columns → choose the list and mode → import → summary. */
export function ImportWizard() {
  const { draft, stagingError, failedFileName } = useImportDraft();
  const currentIndex = STEPS.findIndex((item) => item.step === draft.step);
  const stepRef = useRef<HTMLDivElement>(null);
  const shown = useRef({ step: draft.step, error: stagingError });
  const importJob = useJob(draft.step === 'importing' || draft.step === 'done' ? draft.importJobId : null);

  // A new step (or a file that could not be read) replaces what had focus: move focus to the new
  // content, so a keyboard or screen reader user carries on from there instead of the page top.
  useEffect(() => {
    const before = shown.current;
    shown.current = { step: draft.step, error: stagingError };
    if (before.step === draft.step && (before.error === stagingError || !stagingError)) return;
    focusNewContent(stepRef.current);
  }, [draft.step, stagingError]);

  const announcement = announce(draft.step, {
    fileName: draft.file?.name ?? null,
    listName: draft.target?.name.trim() ?? '',
    failedFileName: stagingError ? failedFileName : null,
    jobState: importJob?.state ?? null,
    summary: importJob ? importSummaryOf(importJob) : null,
  });

  return (
    <>
      <PageHeader
        back={{ href: '#/lists', label: 'Lists' }}
        title="Import a file"
        description="Nothing is written until you press Import. Raw values stay on this computer; lists keep only SHA-256 hashes."
      />
      <ol className="stepper" aria-label="Import steps">
        {STEPS.map((item, index) => (
          <li
            key={item.step}
            className={cx('stepper-item', index < currentIndex && 'is-done', index === currentIndex && 'is-current')}
            aria-current={index === currentIndex ? 'step' : undefined}
          >
            <span className="stepper-dot" aria-hidden="true">
              {index < currentIndex ? <Icon name="check" size={14} /> : index + 1}
            </span>
            <span className="stepper-label">
              {item.label}
              {index < currentIndex && <span className="visually-hidden"> (done)</span>}
            </span>
          </li>
        ))}
      </ol>
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="wizard-announcement">
        {announcement}
      </p>
      <div ref={stepRef} tabIndex={-1} className="wizard-step" data-step={draft.step}>
        {draft.step === 'file' && <FileStep />}
        {draft.step === 'columns' && <ColumnsStep />}
        {draft.step === 'destination' && <DestinationStep />}
        {(draft.step === 'importing' || draft.step === 'done') && <ImportRunStep />}
      </div>
    </>
  );
}

interface AnnounceFacts {
  fileName: string | null;
  listName: string;
  failedFileName: string | null;
  jobState: 'running' | 'succeeded' | 'failed' | 'cancelled' | null;
  summary: ReturnType<typeof importSummaryOf>;
}

/** What a screen reader hears when the wizard moves on: the step and its outcome, in one sentence. */
export function announce(step: WizardStep, facts: AnnounceFacts): string {
  switch (step) {
    case 'file':
      return facts.failedFileName ? `${facts.failedFileName} could not be read. Choose another file.` : '';
    case 'columns':
      return facts.fileName ? `Opened ${facts.fileName}. Step 2 of 5: check the columns.` : '';
    case 'destination':
      return 'Step 3 of 5: choose the list and the mode.';
    case 'importing':
      if (facts.jobState === 'failed') return 'The import stopped. The list was left as it was.';
      if (facts.jobState === 'cancelled') return 'Import cancelled. Nothing was written.';
      return `Importing ${facts.fileName ?? 'the file'} into ${facts.listName}.`;
    case 'done':
      return facts.summary
        ? `Imported into ${facts.summary.list}: ${formatAdded(facts.summary.added)} added, ${formatRemoved(facts.summary.removed)} removed.`
        : 'The import finished.';
  }
}
