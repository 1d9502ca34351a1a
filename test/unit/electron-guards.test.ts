import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl, oauthOrigin } from '../../electron/main/external-links.js';
import { isTrustedSender, originOf } from '../../electron/main/ipc.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import { repoRoot } from '../helpers/cli.js';

const registration = { appOrigin: 'app://pinlist', trustedWebContentsIds: () => new Set([7]) };
const event = (id: number, url: string, parent: unknown = null) => ({ sender: { id }, senderFrame: { url, parent } });

describe('IPC sender check', () => {
  it('accepts only the top frame of an app window showing the app', () => {
    expect(isTrustedSender(event(7, 'app://pinlist/index.html'), registration)).toBe(true);
    expect(isTrustedSender(event(8, 'app://pinlist/index.html'), registration)).toBe(false);
    expect(isTrustedSender(event(7, 'https://evil.example/'), registration)).toBe(false);
    expect(isTrustedSender(event(7, 'app://pinlist.evil/index.html'), registration)).toBe(false);
    expect(isTrustedSender(event(7, 'app://pinlist/index.html', {}), registration)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: null }, registration)).toBe(false);
    expect(originOf('not a url')).toBeNull();
  });
});

describe('openExternal allowlist', () => {
  it('opens Pinterest and its help centre only', () => {
    expect(isAllowedExternalUrl('https://www.pinterest.com/business/')).toBe(true);
    expect(isAllowedExternalUrl('https://help.pinterest.com/en/article/audiences')).toBe(true);
    for (const url of [
      'http://www.pinterest.com/',
      'https://www.pinterest.com.evil.example/',
      'https://evil.example/?https://www.pinterest.com',
      'https://user:pw@www.pinterest.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('adds the configured OAuth server, https or loopback only', () => {
    expect(oauthOrigin('http://127.0.0.1:8990/oauth/')).toEqual(['http://127.0.0.1:8990']);
    expect(oauthOrigin('http://evil.example/oauth/')).toEqual([]);
    expect(isAllowedExternalUrl('http://127.0.0.1:8990/oauth/?x=1', oauthOrigin('http://127.0.0.1:8990/oauth/'))).toBe(true);
  });
});

describe('content security policy', () => {
  it('is the same in renderer/index.html and in shared/csp.ts, with no inline script', () => {
    const html = fs.readFileSync(path.join(repoRoot, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval/);
  });
});

describe('BrowserWindow preferences', () => {
  it('are hardened in the window factory', () => {
    const source = fs.readFileSync(path.join(repoRoot, 'electron', 'main', 'window.ts'), 'utf8');
    expect(source).toMatch(/contextIsolation: true/);
    expect(source).toMatch(/sandbox: true/);
    expect(source).toMatch(/nodeIntegration: false/);
  });
});
