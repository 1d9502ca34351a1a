/** Customer files for bench/scale.bench.ts: row i always holds the same address, so lists overlap on purpose only. */
import { once } from 'node:events';
import fs from 'node:fs';

export function customerEmail(i: number): string {
  return `customer.${i}@example${i % 97}.com`;
}

/** A CSV with a header and rows `from` .. `from + count - 1` (email, first name, city), streamed. */
export async function writeCustomerCsv(file: string, from: number, count: number): Promise<void> {
  const partial = `${file}.partial`;
  const out = fs.createWriteStream(partial);
  let chunk = 'Email,First Name,City\n';
  for (let i = from; i < from + count; i++) {
    chunk += `${customerEmail(i)},First${i % 5000},City${i % 300}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  fs.renameSync(partial, file);
}
