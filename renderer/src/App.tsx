import { DropTarget } from './app/DropTarget.js';
import { ErrorBoundary } from './app/ErrorBoundary.js';
import { ImportDraftProvider } from './app/import-draft.js';
import { JobsProvider } from './app/jobs.js';
import { JobToasts } from './app/JobToasts.js';
import { hrefFor, useRoute, type Route } from './app/router.js';
import { SettingsProvider } from './app/settings.js';
import { Shell } from './app/Shell.js';
import { ImportWizard } from './screens/import/ImportWizard.js';
import { ListDetailScreen } from './screens/list/ListDetailScreen.js';
import { ListsHome } from './screens/lists/ListsHome.js';
import { SettingsScreen } from './screens/settings/SettingsScreen.js';
import { SuppressionScreen } from './screens/suppression/SuppressionScreen.js';
import { SyncScreen } from './screens/sync/SyncScreen.js';
import { AlertsScreen } from './screens/automation/AlertsScreen.js';
import { ToastProvider } from './ui/index.js';

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'lists':
      return <ListsHome />;
    case 'list':
      return <ListDetailScreen key={route.listId} listId={route.listId} tab={route.tab} />;
    case 'import':
      return <ImportWizard />;
    case 'sync':
      return <SyncScreen listId={route.listId} />;
    case 'suppression':
      return <SuppressionScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'alerts':
      return <AlertsScreen />;
  }
}

/** The app inside its providers. The services (client, file staging) come from main.tsx or a test. */
export function App() {
  const route = useRoute();
  return (
    <ToastProvider>
      <SettingsProvider>
        <JobsProvider>
          <ImportDraftProvider>
            <DropTarget>
              <Shell route={route}>
                <ErrorBoundary resetKey={hrefFor(route)}>
                  <Screen route={route} />
                </ErrorBoundary>
              </Shell>
              <JobToasts />
            </DropTarget>
          </ImportDraftProvider>
        </JobsProvider>
      </SettingsProvider>
    </ToastProvider>
  );
}
