import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatCount } from '../../electron/cli/output.js';
import { contractDomains, domainsFor, findRequest, type ContractDomain } from '../../shared/contract/domains.js';
import { requestNames, requests } from '../../shared/contract/index.js';
import type { RequestTable } from '../../shared/contract/define.js';
import { cliModuleGraph, staticReach } from '../helpers/cli-graph.js';

/**
 * Dispatch builds a channel's schemas from its domain's file on first use (decision 0013), so
 * `pinlist lists` builds the lists domain's zod schemas and no other domain's.
 */

const DOMAIN_FILES: Record<ContractDomain, string> = {
  app: 'app',
  files: 'files',
  auth: 'auth',
  lists: 'lists',
  import: 'import',
  sync: 'sync',
  audiences: 'audiences',
  db: 'db',
  automation: 'automation',
};

describe('the contract by domain', () => {
  it('finds every channel in the domain file its prefix names: the same declaration as the whole table', async () => {
    const byDomain = new Map<ContractDomain, RequestTable>();
    for (const domain of Object.keys(contractDomains) as ContractDomain[]) byDomain.set(domain, await contractDomains[domain]());
    for (const name of requestNames) {
      const holders = domainsFor(name).filter((domain) => Object.hasOwn(byDomain.get(domain)!, name));
      expect(holders, name).toHaveLength(1);
      expect(byDomain.get(holders[0]!)![name]).toBe(requests[name]);
      expect(await findRequest(name)).toBe(requests[name]);
    }
    // The domain files together hold exactly the table's channels.
    const all = [...byDomain.values()].flatMap((table) => Object.keys(table));
    expect(all.sort()).toEqual([...requestNames].sort());
  });

  it('finds no channel for unknown or inherited names, nor for a known prefix with an unknown name', async () => {
    for (const name of ['nope', 'lists.nope', 'lists.constructor', 'constructor', '__proto__', 'toString', '.', '', 42, null, undefined]) {
      expect(await findRequest(name), String(name)).toBeUndefined();
    }
    expect(domainsFor('__proto__.x')).toEqual([]);
    expect(domainsFor('constructor.x')).toEqual([]);
  });
});

describe('pinlist lists, in-process', () => {
  const made: string[] = [];
  afterEach(() => {
    vi.resetModules();
    for (const file of Object.values(DOMAIN_FILES)) vi.doUnmock(`../../shared/contract/${file}.js`);
    vi.doUnmock('../../shared/contract/index.js');
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('builds the lists domain schemas (and the sync ones they reuse), never another domain nor the whole table', async () => {
    vi.resetModules();
    const evaluated: string[] = [];
    // Each contract file, when something loads it, says so and then is itself.
    for (const file of [...Object.values(DOMAIN_FILES), 'index']) {
      const id = `../../shared/contract/${file}.js`;
      vi.doMock(id, async () => {
        evaluated.push(file);
        return vi.importActual(id);
      });
    }
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-test-'));
    made.push(dataDir);
    // In this process whatever PINLIST_TEST_CLI says: the mocks see only this process's modules.
    const { runCli } = await import('../../electron/cli/program.js');
    const run = async (args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(['--data-dir', dataDir, ...args], { out: (text) => void (stdout += `${text}\n`), err: (text) => void (stderr += `${text}\n`), isTty: false });
      return { code, stdout, stderr };
    };

    const lists = await run(['lists', '--json']);
    expect(lists).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(lists.stdout)).toEqual([]);
    expect(evaluated.sort()).toEqual(['lists', 'sync']);

    // Not a mock that hides everything: another domain's command builds that domain's schemas.
    const checked = await run(['db', 'check', '--json']);
    expect(checked.code).toBe(0);
    expect(evaluated).toContain('db');
  }, 60_000);
});

describe('the built CLI', () => {
  it('reaches no domain of the contract from dispatch: each is a chunk of its own, loaded by the channel that needs it', async () => {
    const inputs = await cliModuleGraph();
    const reachOf = (from: string): Set<string> => staticReach(inputs, from).files;
    const contractFiles = (files: Set<string>) => [...files].filter((file) => /^shared\/contract\/(?!define\.ts$)/.test(file)).sort();
    expect(contractFiles(reachOf('electron/core/dispatch.ts'))).toEqual(['shared/contract/domains.ts']);
    expect(contractFiles(reachOf('shared/contract/lists.ts'))).toEqual(['shared/contract/lists.ts', 'shared/contract/sync.ts']);
    // The lists domain's handlers build no schema of their own.
    expect(contractFiles(reachOf('electron/core/lists/handlers.ts'))).toEqual([]);
    const dynamic = inputs['shared/contract/domains.ts']!.imports.filter((imported) => imported.kind === 'dynamic-import').map((imported) => imported.path);
    expect(dynamic.sort()).toEqual([...Object.values(DOMAIN_FILES).map((file) => `shared/contract/${file}.ts`), 'shared/contract/index.ts'].sort());
  }, 60_000);
});

describe('formatCount', () => {
  it('groups counts by thousands exactly as en-US Intl does, without loading it', () => {
    const intl = new Intl.NumberFormat('en-US');
    for (const value of [0, 7, 999, 1000, 1234, 20_003, 999_999, 1_000_000, 123_456_789, -1, -1234, Number.MAX_SAFE_INTEGER, 1.5, 1e21]) {
      expect(formatCount(value), String(value)).toBe(intl.format(value));
    }
  });
});
