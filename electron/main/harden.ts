import type { App, Session, WebContents } from 'electron';
import { originOf } from './ipc.js';

/**
 * Hardening applied to every web contents the app ever creates: no navigation away from the app,
 * no redirects, no new windows, no webviews, and no permission (camera, notifications, …) granted.
 */
export function hardenApp(app: App, appOrigin: string, openExternal: (url: string) => void): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appOrigin, openExternal));
}

export function hardenWebContents(contents: WebContents, appOrigin: string, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (originOf(url) !== appOrigin) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (originOf(url) !== appOrigin) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // A link the user clicked may go to the browser, but only through the allowlist.
    openExternal(url);
    return { action: 'deny' };
  });
}

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
