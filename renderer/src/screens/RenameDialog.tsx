import { useState } from 'react';
import { useAction } from '../app/useAction.js';
import { Button, Dialog, ErrorAlert, TextField } from '../ui/index.js';

/**
 * Asks for a new name for something (a list, a lookalike): Rename stays off until the name differs
 * and is not blank; Enter submits; a failure is shown in the dialog, which stays open.
 */
export function RenameDialog({
  title,
  currentName,
  open = true,
  rename,
  onClose,
  onRenamed,
}: {
  title: string;
  currentName: string;
  open?: boolean;
  rename(name: string): Promise<unknown>;
  onClose(): void;
  onRenamed(): void;
}) {
  const [name, setName] = useState(currentName);
  const { run, busy, error } = useAction();
  const save = () =>
    run(async () => {
      await rename(name);
      onRenamed();
      onClose();
    });
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      size="sm"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} disabled={!name.trim() || name.trim() === currentName} onClick={() => void save()}>
            Rename
          </Button>
        </>
      }
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <TextField label="New name" value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />
      </form>
      <ErrorAlert error={error} title="Could not rename" />
    </Dialog>
  );
}
