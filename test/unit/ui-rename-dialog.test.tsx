// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RenameDialog } from '../../renderer/src/screens/RenameDialog.js';
import { PinlistError } from '../../shared/errors.js';

afterEach(cleanup);

describe('RenameDialog (lists and lookalikes)', () => {
  it('keeps Rename off until the name changes, submits on Enter with the typed name, then reports and closes', async () => {
    const calls: string[] = [];
    let renamed = 0;
    let closed = 0;
    render(
      <RenameDialog
        title="Rename lookalike"
        currentName="Like buyers"
        rename={async (name) => void calls.push(name)}
        onRenamed={() => renamed++}
        onClose={() => closed++}
      />,
    );
    const rename = screen.getByRole('button', { name: 'Rename' }) as HTMLButtonElement;
    const field = screen.getByLabelText('New name') as HTMLInputElement;
    expect(field.value).toBe('Like buyers');
    expect(rename.disabled).toBe(true);
    fireEvent.change(field, { target: { value: '   ' } });
    expect(rename.disabled).toBe(true);
    fireEvent.change(field, { target: { value: 'Like our buyers' } });
    expect(rename.disabled).toBe(false);
    fireEvent.submit(field.closest('form')!);
    await waitFor(() => expect(closed).toBe(1));
    expect(calls).toEqual(['Like our buyers']);
    expect(renamed).toBe(1);
  });

  it('shows a failure in the dialog and stays open', async () => {
    let closed = 0;
    render(
      <RenameDialog
        title="Rename list"
        currentName="Buyers"
        rename={() => Promise.reject(new PinlistError('CONFLICT', 'A list named "Sellers" already exists. Choose another name.'))}
        onRenamed={() => undefined}
        onClose={() => closed++}
      />,
    );
    fireEvent.change(screen.getByLabelText('New name'), { target: { value: 'Sellers' } });
    fireEvent.click(screen.getByRole('button', { name: 'Rename' }));
    expect((await screen.findByText(/already exists/)).textContent).toBe('A list named "Sellers" already exists. Choose another name.');
    // Still open, with the name the user typed, to choose another.
    expect(within(screen.getByRole('dialog', { name: 'Rename list' })).getByLabelText('New name')).toHaveProperty('value', 'Sellers');
    expect(closed).toBe(0);
  });
});
