import type { Settings } from '../../../shared/settings.js';

/** `system` follows the OS (no attribute); light or dark pins it through data-theme on <html>. */
export function applyTheme(theme: Settings['theme']): void {
  const root = document.documentElement;
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
}
