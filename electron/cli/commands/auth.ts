import type { Command } from 'commander';
import type { AuthStatus } from '../../../shared/contract/auth.js';
import { PinlistError } from '../../../shared/errors.js';
import { tryOpenInBrowser } from '../open-browser.js';
import { printJson } from '../output.js';
import type { CommandSetup } from '../program.js';
import { nonEmptyLines, promptHidden, readPipedInput, stdinIsTerminal } from '../secret-input.js';

function describeStatus(status: AuthStatus): string[] {
  if (!status.connected) {
    return ['Pinterest: not connected', ...(status.problem ? [`Problem:   ${status.problem}`] : ['Connect with `pinlist auth login --app-id <id>` or `pinlist auth token`.'])];
  }
  const who = status.account?.username ? `@${status.account.username}` : 'an account not checked yet (add --verify)';
  const source =
    status.source === 'env'
      ? 'environment (PINTEREST_ACCESS_TOKEN, not stored)'
      : `system keychain (${status.method === 'oauth' ? `signed in with app ${status.appId ?? '?'}` : 'pasted token'}${status.connectedAt ? ` on ${status.connectedAt}` : ''})`;
  const expires = status.expiresAt
    ? `${status.expiresAt}${status.canRefresh ? ' (renews automatically)' : ''}`
    : status.source === 'env'
      ? 'unknown (set by the environment)'
      : `unknown${status.canRefresh ? ' (renews automatically)' : ''}`;
  const lines = [`Pinterest: connected as ${who}${status.verified ? ' (checked with Pinterest)' : ''}`, `Source:    ${source}`, `Expires:   ${expires}`];
  if (status.scopes) lines.push(`Scopes:    ${status.scopes.join(', ')}`);
  if (status.missingScopes.length > 0) lines.push(`Warning:   the sign-in lacks ${status.missingScopes.join(', ')}; connect again and allow them.`);
  if (status.problem) lines.push(`Problem:   ${status.problem}`);
  return lines;
}

function connectedLine(status: AuthStatus): string {
  const who = status.account?.username ? `@${status.account.username}` : 'your Pinterest account';
  const expires = status.expiresAt ? ` The access token expires ${status.expiresAt}${status.canRefresh ? ' and renews automatically' : ''}.` : '';
  return `Connected to Pinterest as ${who}.${expires}`;
}

export function registerAuth(program: Command, setup: CommandSetup): void {
  const auth = program.command('auth').description('Connect Pinlist to Pinterest, check or remove the connection');

  auth
    .command('login')
    .description('Sign in with your own Pinterest app (App ID + app secret); the secret is read from standard input once and kept in the system keychain')
    .requiredOption('--app-id <id>', 'the App ID of your app at developers.pinterest.com/apps')
    .option('--redirect-uri <uri>', 'the loopback redirect URI registered in your app (default: the setting, http://localhost:8085/)')
    .option('--no-open', 'print the address only; do not try to open the browser')
    .action(async (options: { appId: string; redirectUri?: string; open: boolean }) => {
      const runtime = setup.runtime();
      const status = await runtime.call('auth.status', {});
      const stored = status.appId === options.appId && status.appSecretStored;
      let appSecret: string | undefined;
      if (!stdinIsTerminal(setup.stdin)) {
        appSecret = nonEmptyLines(await readPipedInput(setup.stdin))[0] || undefined;
      } else if (!stored) {
        appSecret = (await promptHidden(`App secret of Pinterest app ${options.appId} (not shown): `)) || undefined;
      }
      if (!appSecret && !stored) {
        throw new PinlistError('USAGE', 'The app secret is needed once: type it when asked, or pipe it on standard input (e.g. `pinlist auth login --app-id 123 < secret.txt`).');
      }
      const started = await runtime.call('auth.startOAuth', { appId: options.appId, appSecret, redirectUri: options.redirectUri });
      setup.output.out(`Open this address in your browser and allow access (Pinlist waits until ${started.expiresAt}):\n\n  ${started.authorizeUrl}\n`);
      if (options.open) tryOpenInBrowser(started.authorizeUrl);
      const connected = await runtime.call('auth.completeOAuth', {});
      setup.output.out(connectedLine(connected));
      if (connected.missingScopes.length > 0) setup.output.err(`warning: the sign-in lacks ${connected.missingScopes.join(', ')}; syncing needs them. Run the login again and allow them.`);
    });

  auth
    .command('token')
    .description('Connect with a token made in Pinterest’s developer portal: the access token on the first line of standard input, an optional refresh token on the second')
    .option('--json', 'print one JSON object')
    .action(async (options: { json?: boolean }) => {
      let accessToken: string;
      let refreshToken: string | undefined;
      if (stdinIsTerminal(setup.stdin)) {
        accessToken = await promptHidden('Access token (not shown): ');
        refreshToken = (await promptHidden('Refresh token (optional, not shown; press Enter to skip): ')) || undefined;
      } else {
        const lines = nonEmptyLines(await readPipedInput(setup.stdin));
        accessToken = lines[0] ?? '';
        refreshToken = lines[1] || undefined;
      }
      if (!accessToken) {
        throw new PinlistError('USAGE', 'No access token given: put it on the first line of standard input (e.g. `pinlist auth token < token.txt`), or run the command in a terminal and paste it.');
      }
      const status = await setup.runtime().call('auth.connectWithToken', { accessToken, refreshToken });
      if (options.json) return printJson(setup.output, status);
      setup.output.out(connectedLine(status));
      if (refreshToken && !status.canRefresh) {
        setup.output.out('The refresh token is kept, but renewing needs your app’s ID and secret: run `pinlist auth login --app-id <id>` once to save them, or paste a new token when this one expires.');
      }
    });

  auth
    .command('status')
    .description('Show whether Pinlist is connected to Pinterest, as whom, from which source, and until when')
    .option('--verify', 'also check the account with Pinterest')
    .option('--json', 'print one JSON object')
    .action(async (options: { json?: boolean; verify?: boolean }) => {
      const status = await setup.runtime().call('auth.status', { verify: options.verify ?? false });
      if (options.json) return printJson(setup.output, status);
      setup.output.out(describeStatus(status).join('\n'));
    });

  auth
    .command('logout')
    .description('Remove the Pinterest secrets from the system keychain (your lists and sync history stay)')
    .option('--json', 'print one JSON object')
    .action(async (options: { json?: boolean }) => {
      const result = await setup.runtime().call('auth.logout', {});
      if (options.json) return printJson(setup.output, result);
      setup.output.out(result.removed ? 'Removed the Pinterest sign-in and app secret from the system keychain.' : 'There was no saved Pinterest sign-in.');
      if (result.envTokenSet) setup.output.out('PINTEREST_ACCESS_TOKEN is still set in your environment and will be used: unset it to disconnect fully.');
    });
}
