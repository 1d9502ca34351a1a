/**
 * `npm run fake-pinterest [-- --port 8990]`: a fake Pinterest to try Pinlist without an account.
 * Registers a demo app, two ad accounts and a ready token, prints how to point Pinlist at it, and
 * runs until Ctrl+C.
 */
import { parseArgs } from 'node:util';
import { DEMO_ACCESS_TOKEN, DEMO_AD_ACCOUNTS, DEMO_APP } from './demo.js';
import { startFakePinterest } from './server.js';

const USAGE = `Usage: fake-pinterest [--port 8990] [--latency MS] [--min-audience-size N] [--no-validate]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8990' },
      latency: { type: 'string', default: '0' },
      'min-audience-size': { type: 'string', default: '100' },
      'no-validate': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  const latencyMs = Number(values.latency);
  const minAudienceSize = Number(values['min-audience-size']);
  if (![port, latencyMs, minAudienceSize].every((n) => Number.isInteger(n) && n >= 0)) {
    console.error(`Numbers must be whole and not negative.\n${USAGE}`);
    process.exitCode = 2;
    return;
  }

  const fake = await startFakePinterest({
    port,
    minAudienceSize,
    faults: { latencyMs },
    ...(values['no-validate'] ? { specPath: null } : {}),
  });
  fake.state.registerApp(DEMO_APP);
  for (const account of DEMO_AD_ACCOUNTS) fake.state.addAdAccount(account);
  // The demo token lasts a year so a long try-out never hits expiry.
  const demo = fake.state.issueToken({ accessToken: DEMO_ACCESS_TOKEN, expiresIn: 365 * 86_400, appId: DEMO_APP.appId });

  console.log(`Fake Pinterest is listening on ${fake.origin} (Ctrl+C to stop).

Point Pinlist at it:
  export PINTEREST_API_BASE=${fake.baseUrl}
  export PINTEREST_OAUTH_URL=${fake.oauthUrl}

Sign in with the demo app (any http://localhost or http://127.0.0.1 redirect URI works):
  App ID:     ${DEMO_APP.appId}
  App secret: ${DEMO_APP.appSecret}
or paste this access token: ${demo.accessToken}

Ad accounts: ${DEMO_AD_ACCOUNTS.map((a) => `${a.id} (${a.name})`).join(', ')}
OpenAPI checks: ${fake.spec.validator ? `on (Pinterest API ${fake.spec.validator.version})` : `off: ${fake.spec.reason ?? ''}`}
Faults: POST JSON to ${fake.origin}/__fake/faults, e.g. {"rateLimitTimes": 2, "retryAfterSeconds": 1}`);

  let reported = 0;
  const timer = setInterval(() => {
    for (const v of fake.violations.slice(reported)) {
      console.warn(`Contract violation (${v.kind}) ${v.method} ${v.path} → ${v.status}:\n  ${v.problems.join('\n  ')}`);
    }
    reported = fake.violations.length;
  }, 500);
  const stop = (): void => {
    clearInterval(timer);
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`Fake Pinterest could not start: ${(error as Error).message}`);
  process.exitCode = 1;
});
