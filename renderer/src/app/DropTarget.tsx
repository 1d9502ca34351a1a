import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { Icon } from '../ui/index.js';
import { useImportDraft } from './import-draft.js';

function carriesFiles(event: DragEvent): boolean {
  return Boolean(event.dataTransfer && [...event.dataTransfer.types].includes('Files'));
}

/** What a drop does on the current screen, when it is not "start an import". */
export interface DropHandler {
  title: string;
  text: string;
  onFile(file: File): void;
}

type Register = (handler: DropHandler | null) => void;
const DropHandlerContext = createContext<Register>(() => undefined);

/** While mounted, a screen takes over what dropping a file anywhere does (the suppression list). */
export function useDropHandler(handler: DropHandler): void {
  const register = useContext(DropHandlerContext);
  const ref = useRef(handler);
  useLayoutEffect(() => {
    ref.current = handler;
  });
  // A layout effect, so the handler is in place (and gone) in the same commit as the screen: a drop
  // just after navigating must reach the screen now shown, not the one before it.
  useLayoutEffect(() => {
    register({
      get title() {
        return ref.current.title;
      },
      get text() {
        return ref.current.text;
      },
      onFile: (file) => ref.current.onFile(file),
    });
    return () => register(null);
  }, [register]);
}

/**
 * Drop a spreadsheet anywhere in the window to start an import (or, on a screen that registered
 * its own handler, to do what that screen says).
 */
export function DropTarget({ children }: { children: ReactNode }) {
  const { beginWithFile } = useImportDraft();
  const [active, setActive] = useState(false);
  const [override, setOverride] = useState<DropHandler | null>(null);
  // The drop listener reads the ref, which changes at once; the state only feeds the overlay's text.
  const overrideRef = useRef<DropHandler | null>(null);
  const depth = useRef(0);
  const register = useCallback<Register>((handler) => {
    overrideRef.current = handler;
    setOverride(handler);
  }, []);

  useEffect(() => {
    const onEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth.current += 1;
      setActive(true);
    };
    const onLeave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setActive(false);
    };
    const onOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Without this the browser opens the file instead of dropping it here.
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent) => {
      depth.current = 0;
      setActive(false);
      if (!carriesFiles(event)) return;
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      if (overrideRef.current) overrideRef.current.onFile(file);
      else void beginWithFile(file);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [beginWithFile]);

  return (
    <DropHandlerContext.Provider value={register}>
      {children}
      {active && (
        <div className="drop-overlay" aria-hidden="true" data-testid="drop-overlay">
          <div className="drop-overlay-panel">
            <Icon name="upload" size={36} />
            <p className="drop-overlay-title">{override?.title ?? 'Drop to import'}</p>
            <p className="drop-overlay-text">{override?.text ?? 'CSV, TSV or XLSX. You check the columns before anything is written.'}</p>
          </div>
        </div>
      )}
    </DropHandlerContext.Provider>
  );
}
