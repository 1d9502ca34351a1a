// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type * as ReactModule from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useAction } from '../../renderer/src/app/useAction.js';

// Every state update the hook makes is counted, so the test can tell whether one happens after
// unmount: React 19 no longer warns about those, so there is nothing else to see.
const stateUpdates = vi.hoisted(() => ({ count: 0 }));
vi.mock('react', async (importOriginal) => {
  const react = await importOriginal<typeof ReactModule>();
  return {
    ...react,
    useState<S>(initial: S | (() => S)) {
      const [value, set] = react.useState(initial);
      const counted = (next: ReactModule.SetStateAction<S>) => {
        stateUpdates.count++;
        set(next);
      };
      return [value, counted] as const;
    },
  };
});

afterEach(cleanup);

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** A form whose Save runs `work` through the hook, the way the screens do. */
function SaveForm({ work, onRun }: { work(): Promise<void>; onRun?(run: Promise<void>): void }) {
  const { run, busy, error, clearError, showError } = useAction();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const running = run(work);
        onRun?.(running);
      }}
    >
      <button type="submit" disabled={busy} aria-busy={busy}>
        Save
      </button>
      <button type="button" onClick={clearError}>
        Dismiss
      </button>
      <button type="button" onClick={() => showError(new Error('The switch did not save'))}>
        Toggle
      </button>
      {error !== null && <p role="alert">{(error as Error).message}</p>}
    </form>
  );
}

const save = () => screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement;
const submit = () => fireEvent.submit(save().closest('form')!);

describe('useAction', () => {
  it('is busy while the work runs, shows what it threw, and clears it when the next run starts', async () => {
    const attempts = [deferred(), deferred()];
    let calls = 0;
    render(<SaveForm work={() => attempts[calls++]!.promise} />);
    expect(save().disabled).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();

    submit();
    expect(save().disabled).toBe(true);
    await act(async () => attempts[0]!.reject(new Error('Pinterest said no. Try again later.')));
    expect(screen.getByRole('alert').textContent).toBe('Pinterest said no. Try again later.');
    expect(save().disabled).toBe(false);

    submit();
    // The retry hides the old failure as soon as it starts, not when it ends.
    expect(screen.queryByRole('alert')).toBeNull();
    expect(save().disabled).toBe(true);
    await act(async () => attempts[1]!.resolve());
    expect(screen.queryByRole('alert')).toBeNull();
    expect(save().disabled).toBe(false);
    expect(calls).toBe(2);
  });

  it('ignores a second run while the first is going (a double submit sends once), then runs again', async () => {
    const first = deferred();
    let calls = 0;
    const runs: Promise<void>[] = [];
    render(
      <SaveForm
        work={() => {
          calls++;
          return calls === 1 ? first.promise : Promise.resolve();
        }}
        onRun={(running) => runs.push(running)}
      />,
    );
    // Two submits in one go, before React renders the disabled button: Enter pressed twice.
    act(() => {
      submit();
      submit();
    });
    expect(calls).toBe(1);
    await act(async () => first.resolve());
    await act(async () => Promise.all(runs));
    expect(save().disabled).toBe(false);

    submit();
    await act(async () => Promise.all(runs));
    expect(calls).toBe(2);
  });

  it('sets nothing once the component is gone, and its promise still settles without rejecting', async () => {
    const work = deferred();
    let running: Promise<void> | undefined;
    const errors = vi.spyOn(console, 'error');
    const view = render(<SaveForm work={() => work.promise} onRun={(run) => (running = run)} />);
    submit();
    expect(save().disabled).toBe(true);
    view.unmount();
    const before = stateUpdates.count;
    work.reject(new Error('The dialog was closed before this failed.'));
    await expect(running).resolves.toBeUndefined();
    expect(stateUpdates.count).toBe(before);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('shows an error from outside a run and clears it on request', async () => {
    render(<SaveForm work={() => Promise.resolve()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Toggle' }));
    expect(screen.getByRole('alert').textContent).toBe('The switch did not save');
    expect(save().disabled).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
