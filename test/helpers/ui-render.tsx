import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { ImportDraftProvider, type ImportDraft } from '../../renderer/src/app/import-draft.js';
import { JobsProvider } from '../../renderer/src/app/jobs.js';
import { ServicesProvider, type Services } from '../../renderer/src/app/services.js';
import { SettingsProvider } from '../../renderer/src/app/settings.js';
import { ToastProvider } from '../../renderer/src/ui/index.js';
import type { FakeClient } from './ui-fake-client.js';

/** Renders a screen inside the providers the app puts above it, over a fake client. */
export function renderWithApp(ui: ReactNode, client: FakeClient, options: { draft?: ImportDraft; surface?: Services['surface'] } = {}): RenderResult {
  const services: Services = {
    client,
    surface: options.surface ?? 'browser',
    stageFile: async (file) => ({ fileId: `staged-${file.name}`, name: file.name, size: file.size }),
  };
  return render(
    <ServicesProvider services={services}>
      <ToastProvider>
        <SettingsProvider>
          <JobsProvider>
            <ImportDraftProvider initial={options.draft}>{ui}</ImportDraftProvider>
          </JobsProvider>
        </SettingsProvider>
      </ToastProvider>
    </ServicesProvider>,
  );
}
