#!/usr/bin/env node
// Electron security gate: runs @doyensec/electronegativity over the app's own code (electron/,
// renderer/ and shared/, scanned together so its global checks such as "navigation is limited"
// or "a CSP exists" see the whole app) and fails on any HIGH or MEDIUM finding that is not in
// security/electronegativity-allowlist.json with a justification.
//
// Why the programmatic runner rather than the CLI: the CLI requires `commander` without declaring
// it and breaks on the project's commander 14; its CSV writer appends rows while the header is
// still being written, and its SARIF drops the severity. The runner returns the same findings as
// objects, severity included. AvailableSecurityFixesGlobalCheck is excluded: it needs the network.
//
// Usage: node scripts/audit-electron.mjs [--root DIR]   (DIR holds electron/, renderer/, shared/)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const rootArg = process.argv.indexOf('--root');
const root = rootArg > 0 ? path.resolve(process.argv[rootArg + 1]) : repo;
const SCANNED = ['electron', 'renderer', 'shared'];
const FAILING = new Set(['HIGH', 'MEDIUM']);
const allowlistPath = path.join(repo, 'security', 'electronegativity-allowlist.json');

/** @typedef {{ id: string, file: string, sample: string, justification: string }} AllowEntry */
/** @returns {AllowEntry[]} */
function readAllowlist() {
  const entries = JSON.parse(fs.readFileSync(allowlistPath, 'utf8'));
  for (const entry of entries) {
    for (const key of ['id', 'file', 'sample', 'justification']) {
      if (typeof entry[key] !== 'string' || entry[key].trim() === '') {
        throw new Error(`${path.relative(repo, allowlistPath)}: every entry needs a non-empty "${key}" (${JSON.stringify(entry)})`);
      }
    }
  }
  return entries;
}

function copyTree(from, to) {
  fs.cpSync(from, to, { recursive: true, filter: (source) => !source.split(path.sep).includes('node_modules') });
}

async function main() {
  const allowlist = readAllowlist();
  const run = require('@doyensec/electronegativity/dist/runner.js');
  const electronVersion = require('electron/package.json').version;
  const scanDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-electronegativity-'));
  try {
    for (const dir of SCANNED) copyTree(path.join(root, dir), path.join(scanDir, dir));
    const result = await run({
      input: scanDir,
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      isRelative: true,
      electronVersionOverride: electronVersion,
    });
    // A file the parser could not read was not checked at all: that must not pass quietly.
    const unparsed = result.errors.filter((error) => !error.tolerable);
    for (const error of unparsed) console.error(`audit:electron: could not parse ${path.relative(scanDir, error.file)}: ${error.message}`);

    const used = new Set();
    const failures = [];
    for (const issue of result.issues) {
      const severity = issue.severity.name;
      const sample = String(issue.sample ?? '').trim();
      const where = `${issue.file}:${issue.location?.line ?? 0}`;
      const line = `${issue.id} ${severity}/${issue.confidence.name} ${where}  ${sample.slice(0, 100)}`;
      if (!FAILING.has(severity)) {
        console.log(`  note     ${line}`);
        continue;
      }
      const allowed = allowlist.find((entry) => entry.id === issue.id && entry.file === issue.file && entry.sample.trim() === sample);
      if (allowed) {
        used.add(allowed);
        console.log(`  allowed  ${line}\n           why: ${allowed.justification}`);
      } else {
        failures.push(line);
        console.log(`  FAIL     ${line}\n           ${issue.description}`);
      }
    }
    for (const entry of allowlist) {
      if (!used.has(entry)) console.warn(`audit:electron: allowlist entry no longer matches anything (remove it): ${entry.id} ${entry.file} ${entry.sample}`);
    }
    console.log(
      `audit:electron: Electron ${electronVersion}, ${result.atomicChecks + result.globalChecks} checks, ${result.issues.length} findings, ` +
        `${failures.length} failing, ${used.size} allowlisted, ${unparsed.length} unparsed files`,
    );
    if (failures.length > 0 || unparsed.length > 0) {
      console.error('audit:electron: FAILED. Fix the finding, or add it to security/electronegativity-allowlist.json with a one-line justification.');
      process.exitCode = 1;
    }
  } finally {
    fs.rmSync(scanDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`audit:electron: ${error?.stack ?? error}`);
  process.exitCode = 1;
});
