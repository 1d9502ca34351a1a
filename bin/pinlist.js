#!/usr/bin/env node
// The `pinlist` command. The TypeScript core is built into dist/ by `npm install` (the prepare step).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(built))) {
  process.stderr.write('error[NOT_BUILT]: Pinlist is not built yet. Run `npm install` (or `npm run build`) in the project folder first.\n');
  process.exit(1);
}
const { main } = await import(built.href);
await main(process.argv.slice(2));
