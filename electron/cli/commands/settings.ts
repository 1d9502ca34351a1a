import type { Command } from 'commander';
import { PinlistError } from '../../../shared/errors.js';
import type { Settings } from '../../../shared/settings.js';
import { formatTable, printJson } from '../output.js';
import type { CommandSetup } from '../program.js';

/** The settings' schema is loaded by the action, not at start-up (`pinlist --help` does not need zod). */
async function loadDefaults(): Promise<Settings> {
  return (await import('../../../shared/settings.js')).defaultSettings;
}

function settingKey(defaultSettings: Settings, key: string | undefined): keyof Settings {
  const KEYS = Object.keys(defaultSettings) as (keyof Settings)[];
  const found = KEYS.find((known) => known.toLowerCase() === (key ?? '').toLowerCase());
  if (!found) throw new PinlistError('USAGE', `${key ? `There is no setting "${key}"` : 'Name a setting'}. Settings: ${KEYS.join(', ')}.`);
  return found;
}

const TRUE = ['true', 'yes', 'on', '1'];
const FALSE = ['false', 'no', 'off', '0'];

/** Command-line text to the setting's type, which the default value tells. */
function parseValue(defaultSettings: Settings, key: keyof Settings, text: string): Settings[keyof Settings] {
  const type = typeof defaultSettings[key];
  if (type === 'boolean') {
    const lower = text.trim().toLowerCase();
    if (TRUE.includes(lower)) return true;
    if (FALSE.includes(lower)) return false;
    throw new PinlistError('USAGE', `${key} is on or off: give true or false, not "${text}".`);
  }
  if (type === 'number') {
    const n = Number(text.replaceAll(',', '').replaceAll('_', ''));
    if (text.trim() === '' || !Number.isFinite(n)) throw new PinlistError('USAGE', `${key} takes a number, not "${text}".`);
    return n;
  }
  return text;
}

export function registerSettings(program: Command, setup: CommandSetup): void {
  program
    .command('settings')
    .description('Show the settings, show one (`get KEY`) or change one (`set KEY VALUE`)')
    .argument('[action]', 'get (the default) or set')
    .argument('[key]', 'a setting, as `pinlist settings` lists them (e.g. batchSize)')
    .argument('[value]', 'the new value (set)')
    .option('--json', 'print one JSON object')
    .action(async (action: string | undefined, key: string | undefined, value: string | undefined, options: { json?: boolean }) => {
      const runtime = setup.runtime();
      const defaultSettings = await loadDefaults();
      const KEYS = Object.keys(defaultSettings) as (keyof Settings)[];
      const verb = (action ?? 'get').toLowerCase();
      if (verb === 'get') {
        if (value !== undefined) throw new PinlistError('USAGE', '`pinlist settings get` takes at most one setting name.');
        const settings = await runtime.call('settings.get', {});
        if (key === undefined) {
          if (options.json) return printJson(setup.output, settings);
          setup.output.out(formatTable(['Setting', 'Value'], KEYS.map((name) => [name, String(settings[name])])));
          return;
        }
        const name = settingKey(defaultSettings, key);
        if (options.json) return printJson(setup.output, { [name]: settings[name] });
        setup.output.out(String(settings[name]));
        return;
      }
      if (verb === 'set') {
        const name = settingKey(defaultSettings, key);
        if (value === undefined) throw new PinlistError('USAGE', `Give the new value: \`pinlist settings set ${name} VALUE\`.`);
        const settings = await runtime.call('settings.update', { [name]: parseValue(defaultSettings, name, value) });
        if (options.json) return printJson(setup.output, settings);
        setup.output.out(`${name} = ${String(settings[name])}`);
        return;
      }
      throw new PinlistError('USAGE', `Unknown settings action "${action}". Use \`pinlist settings\`, \`pinlist settings get KEY\` or \`pinlist settings set KEY VALUE\`.`);
    });
}
