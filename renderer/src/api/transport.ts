import type { EventName, RequestName, Transport } from '../../../shared/contract/index.js';
import type { Result } from '../../../shared/contract/define.js';
import type { StagedFileInfo } from '../../../shared/contract/files.js';

/** What the Electron preload exposes as `window.pinlist` (see electron/preload/preload.ts). */
export interface PreloadBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
  pathForFile(file: File): string;
}

declare global {
  interface Window {
    pinlist?: PreloadBridge;
  }
}

/** A transport plus the one thing that differs by surface: handing a dropped or picked File to the core. */
export interface RendererTransport extends Transport {
  stageFile(file: File): Promise<Result<StagedFileInfo>>;
  readonly surface: 'electron' | 'browser';
}

function electronTransport(bridge: PreloadBridge): RendererTransport {
  return {
    surface: 'electron',
    invoke: (channel, input) => bridge.invoke(channel, input),
    subscribe: (listener) => bridge.subscribe((name, payload) => listener(name as EventName, payload)),
    stageFile: async (file) => (await bridge.invoke('files.stagePath', { path: bridge.pathForFile(file) })) as Result<StagedFileInfo>,
  };
}

function browserTransport(): RendererTransport {
  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  let source: EventSource | null = null;
  const connect = () => {
    source = new EventSource('/api/events');
    source.onmessage = (message: MessageEvent<string>) => {
      const { name, payload } = JSON.parse(message.data) as { name: EventName; payload: unknown };
      for (const listener of listeners) listener(name, payload);
    };
  };
  return {
    surface: 'browser',
    async invoke(channel: RequestName, input: unknown) {
      return postForResult(`/api/call/${encodeURIComponent(channel)}`, JSON.stringify(input ?? {}), 'application/json');
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!source) connect();
      return () => listeners.delete(listener);
    },
    stageFile: uploadFile,
  };
}

/**
 * Files above this are uploaded head first: the preview reads the head while the rest is still on
 * its way, so it does not wait for a large file to cross (a 1 GB file takes many seconds).
 */
export const UPLOAD_HEAD_BYTES = 8 * 1024 * 1024;

async function isZip(file: Blob): Promise<boolean> {
  const magic = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return magic[0] === 0x50 && magic[1] === 0x4b;
}

async function uploadFile(file: File): Promise<Result<StagedFileInfo>> {
  const name = encodeURIComponent(file.name);
  // A workbook's directory is at its end, so its head alone says nothing: it goes whole.
  if (file.size <= UPLOAD_HEAD_BYTES * 2 || (await isZip(file))) {
    return postForResult(`/api/upload?name=${name}`, file, 'application/octet-stream') as Promise<Result<StagedFileInfo>>;
  }
  const head = (await postForResult(`/api/upload?name=${name}&size=${file.size}`, file.slice(0, UPLOAD_HEAD_BYTES), 'application/octet-stream')) as Result<StagedFileInfo>;
  if (!head.ok) return head;
  // The core holds back whatever needs every byte until the rest is there, and reports a failed
  // rest to it; nothing here waits for it.
  void postForResult(`/api/upload/rest?fileId=${encodeURIComponent(head.value.fileId)}&offset=${UPLOAD_HEAD_BYTES}`, file.slice(UPLOAD_HEAD_BYTES), 'application/octet-stream');
  return head;
}

/** POSTs a body (a JSON request or a file's raw bytes) to browser mode; the server always answers with a JSON Result. */
async function postForResult(url: string, body: BodyInit, contentType: string): Promise<Result<unknown>> {
  try {
    const response = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': contentType }, credentials: 'same-origin' });
    return (await response.json()) as Result<unknown>;
  } catch (error) {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `Lost contact with Pinlist (${(error as Error).message}). Is \`pinlist serve\` still running?` },
    };
  }
}

export function detectTransport(): RendererTransport {
  return window.pinlist ? electronTransport(window.pinlist) : browserTransport();
}
