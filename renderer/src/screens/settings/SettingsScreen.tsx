import { useState, type FormEvent } from 'react';
import type { Settings } from '../../../../shared/settings.js';
import { useServices } from '../../app/services.js';
import { useSettings } from '../../app/settings.js';
import { useAction } from '../../app/useAction.js';
import { useResource } from '../../app/useResource.js';
import { Button, Card, ChoiceCards, DefinitionList, ErrorAlert, PageHeader, Switch, TextField, useToast } from '../../ui/index.js';
import { Loading } from '../common.js';
import { AutomationSettingsCard } from '../automation/AutomationSettingsCard.js';

/** Data folder, sync limits, privacy and appearance. */
export function SettingsScreen() {
  const { settings, loaded, error } = useSettings();
  return (
    <>
      <PageHeader title="Settings" />
      <div className="stack-lg settings">
        <DataFolderCard />
        {loaded && !error && <AutomationSettingsCard key={`${settings.alertWebhookUrl}|${settings.sourceStaleDays}`} />}
        {error ? <ErrorAlert error={error} title="Could not load the settings" /> : !loaded ? (
          <Loading />
        ) : (
          // Saved values that change (here or elsewhere) start a fresh form.
          <SettingsForms key={[settings.batchSize, settings.shrinkThresholdPercent, settings.minimumListSize, settings.oauthRedirectUri].join('|')} settings={settings} />
        )}
      </div>
    </>
  );
}

function DataFolderCard() {
  const { client, surface } = useServices();
  const info = useResource(() => client.call('app.info', {}), []);
  const [openError, setOpenError] = useState<unknown>(null);
  return (
    <Card
      title="Data folder"
      description="Your lists, import history and sync ledger live here, in one SQLite database. Pinterest secrets are not here: they are in the system keychain."
      actions={
        surface === 'electron' && (
          <Button
            size="sm"
            icon="folder"
            onClick={() => {
              setOpenError(null);
              client.call('files.showDataFolder', {}).catch(setOpenError);
            }}
          >
            Open
          </Button>
        )
      }
    >
      <ErrorAlert error={info.error ?? openError} title="Could not read the data folder" />
      {info.data && (
        <DefinitionList
          items={[
            { label: 'Folder', value: <span className="mono" data-testid="data-dir">{info.data.dataDir}</span> },
            { label: 'Database', value: <span className="mono">{info.data.databasePath}</span> },
            { label: 'Version', value: `Pinlist ${info.data.version} · schema ${info.data.schemaVersion}` },
          ]}
        />
      )}
      {surface === 'browser' && <p className="small muted settings-note">In browser mode, open this folder from your file manager.</p>}
    </Card>
  );
}

type NumberKey = 'batchSize' | 'shrinkThresholdPercent' | 'minimumListSize';

const LIMITS: Record<NumberKey, { min: number; max: number; integer: boolean }> = {
  batchSize: { min: 1, max: 10_000, integer: true },
  shrinkThresholdPercent: { min: 0, max: 100, integer: false },
  minimumListSize: { min: 0, max: 100_000_000, integer: true },
};

function numberError(key: NumberKey, text: string): string | null {
  const { min, max, integer } = LIMITS[key];
  if (text.trim() === '') return 'Enter a number.';
  const value = Number(text);
  if (!Number.isFinite(value)) return 'Enter a number.';
  if (integer && !Number.isInteger(value)) return 'Enter a whole number.';
  if (value < min || value > max) return `Enter a number from ${min.toLocaleString()} to ${max.toLocaleString()}.`;
  return null;
}

function SettingsForms({ settings }: { settings: Settings }) {
  const { save } = useSettings();
  const toast = useToast();
  const [draft, setDraft] = useState({
    batchSize: String(settings.batchSize),
    shrinkThresholdPercent: String(settings.shrinkThresholdPercent),
    minimumListSize: String(settings.minimumListSize),
    oauthRedirectUri: settings.oauthRedirectUri,
  });
  const { run, busy: saving, error: saveError } = useAction();
  const [toggleError, setToggleError] = useState<unknown>(null);

  const errors = {
    batchSize: numberError('batchSize', draft.batchSize),
    shrinkThresholdPercent: numberError('shrinkThresholdPercent', draft.shrinkThresholdPercent),
    minimumListSize: numberError('minimumListSize', draft.minimumListSize),
  };
  const dirty =
    draft.batchSize !== String(settings.batchSize) ||
    draft.shrinkThresholdPercent !== String(settings.shrinkThresholdPercent) ||
    draft.minimumListSize !== String(settings.minimumListSize) ||
    draft.oauthRedirectUri !== settings.oauthRedirectUri;
  const valid = !errors.batchSize && !errors.shrinkThresholdPercent && !errors.minimumListSize && draft.oauthRedirectUri.trim() !== '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    await run(async () => {
      await save({
        batchSize: Number(draft.batchSize),
        shrinkThresholdPercent: Number(draft.shrinkThresholdPercent),
        minimumListSize: Number(draft.minimumListSize),
        oauthRedirectUri: draft.oauthRedirectUri.trim(),
      });
      toast({ tone: 'success', title: 'Settings saved' });
    });
  };

  const toggle = (patch: Partial<Pick<Settings, 'keepPlaintext' | 'theme'>>) => {
    setToggleError(null);
    save(patch).catch(setToggleError);
  };

  return (
    <>
      <Card title="Syncing" description="How Pinlist talks to Pinterest, and when it asks before removing people.">
        <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
          <div className="grid-3">
            <TextField
              label="Batch size"
              inputMode="numeric"
              value={draft.batchSize}
              hint="Records per Pinterest request (1 to 10,000). Large batches that Pinterest refuses are split automatically."
              error={errors.batchSize}
              onChange={(event) => setDraft({ ...draft, batchSize: event.target.value })}
            />
            <TextField
              label="Shrink threshold (%)"
              inputMode="decimal"
              value={draft.shrinkThresholdPercent}
              hint="A sync that removes more than this share of what Pinterest holds asks you first."
              error={errors.shrinkThresholdPercent}
              onChange={(event) => setDraft({ ...draft, shrinkThresholdPercent: event.target.value })}
            />
            <TextField
              label="Minimum list size"
              inputMode="numeric"
              value={draft.minimumListSize}
              hint="Going below this asks you first: Pinterest audiences under 100 stop serving."
              error={errors.minimumListSize}
              onChange={(event) => setDraft({ ...draft, minimumListSize: event.target.value })}
            />
          </div>
          <TextField
            label="OAuth redirect URI"
            value={draft.oauthRedirectUri}
            hint="Where Pinterest sends the browser back after sign-in. It must be registered in your Pinterest app."
            onChange={(event) => setDraft({ ...draft, oauthRedirectUri: event.target.value })}
          />
          <ErrorAlert error={saveError} title="Not saved" />
          <div className="row">
            <Button type="submit" variant="primary" busy={saving} disabled={!dirty || !valid}>
              Save changes
            </Button>
            {dirty && (
              <Button
                variant="ghost"
                onClick={() =>
                  setDraft({
                    batchSize: String(settings.batchSize),
                    shrinkThresholdPercent: String(settings.shrinkThresholdPercent),
                    minimumListSize: String(settings.minimumListSize),
                    oauthRedirectUri: settings.oauthRedirectUri,
                  })
                }
              >
                Discard
              </Button>
            )}
          </div>
        </form>
      </Card>

      <Card title="Privacy">
        <Switch
          label="Keep plaintext of valid members"
          checked={settings.keepPlaintext}
          onChange={(keepPlaintext) => toggle({ keepPlaintext })}
          hint="Off by default: Pinlist then stores only SHA-256 hashes, so a copied or stolen data folder reveals no email address or ad ID. Turn it on only if you need to read who is in a list; it applies to imports from now on."
        />
      </Card>

      <Card title="Appearance">
        <ChoiceCards
          legend="Theme"
          name="theme"
          columns={3}
          value={settings.theme}
          onChange={(theme) => toggle({ theme })}
          options={[
            { value: 'system', label: 'Follow the system', description: 'Light or dark, as your OS is set.' },
            { value: 'light', label: 'Light' },
            { value: 'dark', label: 'Dark' },
          ]}
        />
      </Card>
      <ErrorAlert error={toggleError} title="Not saved" />
    </>
  );
}
