import { useState } from 'react';
import { useServices } from '../../app/services.js';
import { useSettings } from '../../app/settings.js';
import { useAction } from '../../app/useAction.js';
import { Button, Card, ErrorAlert, Switch, TextField, useToast } from '../../ui/index.js';

/** Settings of automation: the alert webhook, when a source counts as stale, and (desktop) the tray and login item. */
export function AutomationSettingsCard() {
  const { settings, save } = useSettings();
  const { surface } = useServices();
  const toast = useToast();
  const [webhook, setWebhook] = useState(settings.alertWebhookUrl);
  const [staleDays, setStaleDays] = useState(String(settings.sourceStaleDays));
  const { run, busy: saving, error, showError } = useAction();
  const days = Number(staleDays);
  const daysError = Number.isInteger(days) && days >= 1 && days <= 365 ? null : 'A whole number of days from 1 to 365.';

  const submit = () =>
    run(async () => {
      await save({ alertWebhookUrl: webhook.trim(), sourceStaleDays: days });
      toast({ tone: 'success', title: 'Automation settings saved' });
    });

  return (
    <Card title="Automation and alerts" description="Lists with a source and a schedule refresh and sync themselves; problems become alerts." data-testid="automation-settings">
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <TextField
          label="Alert webhook"
          type="url"
          placeholder="https://hooks.slack.com/services/…"
          value={webhook}
          onChange={(event) => setWebhook(event.target.value)}
          hint="Each alert is POSTed here as JSON with a text field (Slack, Teams and Google Chat show it as is). Never with an email, ad ID, hash or token. Empty: off."
        />
        <TextField label="Alert when a source has not changed for (days)" type="number" min={1} max={365} value={staleDays} onChange={(event) => setStaleDays(event.target.value)} error={daysError} />
        {surface === 'electron' && (
          <>
            <Switch
              label={navigator.platform.startsWith('Mac') ? 'Keep running in the menu bar when the window is closed' : 'Keep running in the tray when the window is closed'}
              hint="Automations run only while Pinlist runs."
              checked={settings.keepRunningInTray}
              onChange={(checked) => void save({ keepRunningInTray: checked }).catch(showError)}
            />
            <Switch label="Start Pinlist at login (hidden)" checked={settings.openAtLogin} onChange={(checked) => void save({ openAtLogin: checked }).catch(showError)} />
          </>
        )}
        {error !== null && <ErrorAlert error={error} title="Could not save" />}
        <div className="row">
          <Button type="submit" variant="primary" busy={saving} disabled={daysError !== null}>
            Save
          </Button>
        </div>
      </form>
    </Card>
  );
}
