import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { PinlistError } from '../../../shared/errors.js';
import type { CommandSetup } from '../program.js';

/** dist/main/cli.js → dist/renderer */
export function builtRendererDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
}

export function registerServe(program: Command, setup: CommandSetup): void {
  program
    .command('serve')
    .description('Run Pinlist in your browser (loopback only): prints the URL to open')
    .option('--port <port>', 'port on 127.0.0.1 (default: a free one)', (value) => {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PinlistError('USAGE', `--port takes a number from 0 to 65535, not ${value}.`);
      return port;
    })
    .option('--open', 'open the URL in the default browser')
    .action(async (options: { port?: number; open?: boolean }) => {
      const runtime = setup.runtime();
      const core = runtime.core('browser');
      // Loaded here, not at start-up: `pinlist --version` must not pay for the server or the automations.
      const [{ startBrowserServer }, { automationContextFor, AutomationScheduler }, { startAudienceReadings }] = await Promise.all([
        import('../../server/server.js'),
        import('../../core/automation/index.js'),
        import('../../core/audiences/background.js'),
      ]);
      const server = await startBrowserServer({ core, handlers: await runtime.handlerTable(), staticDir: builtRendererDir(), port: options.port });
      // Pinterest sizes audiences over 24 to 48 hours: read them on a schedule after each sync while this runs.
      // A damaged database or a read-only folder: serve anyway, so the page says what is wrong, but run nothing in the background.
      const problem = core.databaseError;
      const stopAudienceReadings = problem ? () => undefined : startAudienceReadings(core);
      // Listening before the URL is printed: a Ctrl+C right after it still stops cleanly (exit 0).
      const stopped = new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      setup.output.out(`Pinlist is running at ${server.url}`);
      setup.output.out('Open that URL in your browser (it contains a one-time key). Press Ctrl+C to stop.');
      if (options.open) openInBrowser(server.url);
      // Automations run while browser mode is open, as in the desktop app (one lock with `pinlist run-due`).
      const scheduler = problem ? null : new AutomationScheduler(automationContextFor(core), { onError: (error) => setup.output.err(`automation: ${(error as Error).message}`) });
      scheduler?.start();
      // Started anyway, so the page can say it too; `pinlist db restore` mends a damaged database.
      if (problem) setup.output.err(`error[${problem.code}]: ${problem.message}`);
      await stopped;
      stopAudienceReadings();
      await scheduler?.stop();
      await server.close();
    });
}
