#!/usr/bin/env node
// Dependency gate: `npm audit --omit=dev` must report no high or critical advisory in what ships,
// unless security/audit-allowlist.json explains it. It also checks the lockfile is there (npm ci
// and npm audit both read it).
//
// Some registries (mirrors, proxies) do not serve npm's audit endpoint. Only then (the endpoint
// answers 404/405/5xx or cannot be reached) does this warn and pass: there is nothing to judge.
// Any other npm failure fails.
//
// Usage: node scripts/audit-deps.mjs [--report FILE] [--allowlist FILE]
//   --report: judge a saved `npm audit --json` report instead of running npm (used by the tests).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argValue = (name) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
};
const allowlistPath = path.resolve(argValue('--allowlist') ?? path.join(repo, 'security', 'audit-allowlist.json'));
const reportPath = argValue('--report');
const FAILING = new Set(['high', 'critical']);
const UNAVAILABLE_STATUS = new Set([404, 405, 500, 502, 503, 504]);
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_SOCKET_TIMEOUT']);

function fail(message) {
  console.error(`audit:deps: FAILED. ${message}`);
  process.exit(1);
}

function readAllowlist() {
  const entries = JSON.parse(fs.readFileSync(allowlistPath, 'utf8'));
  if (!Array.isArray(entries)) fail(`${allowlistPath} must hold a JSON array.`);
  for (const entry of entries) {
    if (typeof entry.advisory !== 'string' || typeof entry.package !== 'string' || typeof entry.justification !== 'string' || !entry.justification.trim()) {
      fail(`${allowlistPath}: every entry needs "advisory" (e.g. GHSA-xxxx-xxxx-xxxx), "package" and a one-line "justification": ${JSON.stringify(entry)}`);
    }
  }
  return entries;
}

/** The npm audit JSON, or null (with the reason printed) when the audit service is not reachable. */
function runAudit() {
  if (!fs.existsSync(path.join(repo, 'package-lock.json'))) fail('package-lock.json is missing: commit the lockfile (npm install writes it).');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['audit', '--omit=dev', '--json'], { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    fail(`npm audit printed no JSON (exit ${result.status}): ${(result.stderr || result.stdout || '').slice(0, 500)}`);
  }
  return usableReport(report, result.stderr ?? '');
}

/** The report itself, or null when npm could not reach the audit service (any other error fails). */
function usableReport(report, stderr) {
  if (report.vulnerabilities || report.auditReportVersion) return report;
  const status = Number(report.statusCode ?? report.error?.statusCode);
  const code = String(report.code ?? report.error?.code ?? '');
  const text = `${report.message ?? ''} ${report.error?.summary ?? ''} ${stderr}`;
  if (UNAVAILABLE_STATUS.has(status) || NETWORK_CODES.has(code) || /audit endpoint returned an error|network|getaddrinfo|ETIMEDOUT|ECONNREFUSED/i.test(text)) {
    console.warn(`audit:deps: WARNING: the registry's audit service could not be used, so no advisories were checked: ${(report.message ?? text).trim().slice(0, 300)}`);
    console.warn('audit:deps: passing without a verdict; run `npm audit --omit=dev` where the public registry is reachable.');
    return null;
  }
  fail(`npm audit failed: ${text.trim().slice(0, 500)}`);
}

function main() {
  const allowlist = readAllowlist();
  const report = reportPath ? usableReport(JSON.parse(fs.readFileSync(reportPath, 'utf8')), '') : runAudit();
  if (!report) return;
  const used = new Set();
  const failures = [];
  let judged = 0;
  for (const [name, vulnerability] of Object.entries(report.vulnerabilities ?? {})) {
    // `via` holds the advisories found in this package itself (objects) and the packages it is
    // vulnerable through (names, judged under their own entry).
    for (const via of vulnerability.via ?? []) {
      if (typeof via !== 'object' || !FAILING.has(String(via.severity))) continue;
      judged++;
      const advisory = String(via.url ?? via.source ?? '');
      const line = `${via.severity} ${name}@${via.range ?? vulnerability.range ?? '?'}: ${via.title ?? 'advisory'} (${advisory})`;
      const allowed = allowlist.find((entry) => entry.package === name && advisory.includes(entry.advisory));
      if (allowed) {
        used.add(allowed);
        console.log(`  allowed  ${line}\n           why: ${allowed.justification}`);
      } else {
        failures.push(line);
        console.log(`  FAIL     ${line}`);
      }
    }
  }
  for (const entry of allowlist) if (!used.has(entry)) console.warn(`audit:deps: allowlist entry matches nothing now (remove it): ${entry.package} ${entry.advisory}`);
  const counts = report.metadata?.vulnerabilities ?? {};
  console.log(`audit:deps: production dependencies: ${JSON.stringify(counts)}; ${judged} high/critical advisories, ${failures.length} failing, ${used.size} allowlisted`);
  if (failures.length > 0) fail('Upgrade the package (npm audit fix --omit=dev, or a newer version), or explain the advisory in security/audit-allowlist.json.');
}

main();
