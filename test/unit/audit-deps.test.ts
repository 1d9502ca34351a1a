import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();
const script = path.join(repoRoot, 'scripts', 'audit-deps.mjs');

/** An `npm audit --json` report (format 2) with one advisory in `pkg` and one package affected through it. */
function report(severity: string) {
  const advisory = { source: 1096366, name: 'pkg', title: 'Prototype pollution in pkg', url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc', severity, range: '<1.2.3' };
  return {
    auditReportVersion: 2,
    vulnerabilities: {
      pkg: { name: 'pkg', severity, isDirect: false, via: [advisory], effects: ['parent'], range: '<1.2.3', nodes: ['node_modules/pkg'], fixAvailable: true },
      parent: { name: 'parent', severity, isDirect: true, via: ['pkg'], effects: [], range: '*', nodes: ['node_modules/parent'], fixAvailable: true },
    },
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 2, [severity]: 2 } },
  };
}

function judge(audit: unknown, allowlist: unknown[]) {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify(audit));
  fs.writeFileSync(path.join(dir, 'allow.json'), JSON.stringify(allowlist));
  const run = spawnSync(process.execPath, [script, '--report', path.join(dir, 'report.json'), '--allowlist', path.join(dir, 'allow.json')], { encoding: 'utf8' });
  return { code: run.status, output: run.stdout + run.stderr };
}

describe('scripts/audit-deps.mjs', () => {
  it('fails on a high or critical advisory in a production dependency', () => {
    for (const severity of ['high', 'critical']) {
      const run = judge(report(severity), []);
      expect(run.code, run.output).toBe(1);
      expect(run.output).toMatch(new RegExp(`FAIL +${severity} pkg@<1\\.2\\.3: Prototype pollution in pkg`));
    }
  });

  it('passes moderate and low advisories, and an explained high one', () => {
    expect(judge(report('moderate'), []).code).toBe(0);
    const allowed = judge(report('high'), [{ advisory: 'GHSA-aaaa-bbbb-cccc', package: 'pkg', justification: 'Only reachable from the CLI with trusted input.' }]);
    expect(allowed.code, allowed.output).toBe(0);
    expect(allowed.output).toMatch(/allowed +high pkg/);
  });

  it('refuses an allowlist entry without a justification, or for another package', () => {
    expect(judge(report('high'), [{ advisory: 'GHSA-aaaa-bbbb-cccc', package: 'pkg', justification: ' ' }]).code).toBe(1);
    expect(judge(report('high'), [{ advisory: 'GHSA-aaaa-bbbb-cccc', package: 'other', justification: 'wrong package' }]).code).toBe(1);
  });

  it('passes with a warning only when the registry does not serve the audit endpoint or cannot be reached', () => {
    const refused = judge({ message: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk', statusCode: 405, error: { summary: '' } }, []);
    expect(refused.code, refused.output).toBe(0);
    expect(refused.output).toMatch(/WARNING: the registry's audit service could not be used, so no advisories were checked/);
    expect(judge({ error: { code: 'ENOTFOUND', summary: 'getaddrinfo ENOTFOUND registry.example' } }, []).code).toBe(0);
    // Anything else (here: no lockfile) is a failure, not a pass.
    const noLock = judge({ error: { code: 'ENOLOCK', summary: 'This command requires an existing lockfile.' } }, []);
    expect(noLock.code).toBe(1);
    expect(noLock.output).toMatch(/FAILED/);
  });

  it('passes a clean report', () => {
    const clean = { auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: { total: 0 } } };
    expect(judge(clean, []).code).toBe(0);
  });
});
