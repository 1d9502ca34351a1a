import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    // One CSS file and module scripts only: the strict CSP allows no inline script or style.
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // The bundle is read from the app's files or over loopback, never a network: one ~0.9 MB
    // script (React, Recharts, the app) loads in milliseconds, so it is not split.
    chunkSizeWarningLimit: 1500,
  },
});
