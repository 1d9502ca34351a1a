import { useImportDraft, type WizardStep } from '../../app/import-draft.js';
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

/** Pick or drop a file → check the columns → choose the list and mode → import → summary. */
export function ImportWizard() {
  const { draft } = useImportDraft();
  const currentIndex = STEPS.findIndex((item) => item.step === draft.step);
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
      {draft.step === 'file' && <FileStep />}
      {draft.step === 'columns' && <ColumnsStep />}
      {draft.step === 'destination' && <DestinationStep />}
      {(draft.step === 'importing' || draft.step === 'done') && <ImportRunStep />}
    </>
  );
}
