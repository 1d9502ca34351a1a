import { PinlistError } from '../../shared/errors.js';

/** Reads all of a piped standard input (a file, `echo … |`, a test's pipe). */
export async function readPipedInput(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export function nonEmptyLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.trim());
}

/**
 * Asks for a secret on a terminal without showing it: raw mode, so nothing is echoed and nothing
 * reaches the shell history. Ctrl+C cancels.
 */
export function promptHidden(label: string, stdin: NodeJS.ReadStream = process.stdin, stderr: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    stderr.write(label);
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          resolve(value.trim());
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new PinlistError('CANCELLED', 'Cancelled. Nothing was changed.'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

export function stdinIsTerminal(stdin: NodeJS.ReadableStream = process.stdin): boolean {
  return Boolean((stdin as NodeJS.ReadStream).isTTY);
}
