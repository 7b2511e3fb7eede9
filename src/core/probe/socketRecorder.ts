// Watches one TCP socket: every byte the server sends (up to a cap), when it arrived, and how the stream
// ended — FIN, RST, still open — which Node's TLS layer hides (a FIN during the handshake surfaces as ECONNRESET).
import type { Socket } from 'node:net';

export type StreamEnd = 'open' | 'fin' | 'reset' | 'error' | 'capped';

export class SocketRecorder {
  // One growing buffer (doubling up to the cap), so keeping n bytes costs O(n) however small the chunks are.
  private store = Buffer.alloc(0);
  private kept = 0;
  total = 0;
  chunkCount = 0;
  end: StreamEnd = 'open';
  endCode?: string;
  firstByteAt?: number;
  lastByteAt?: number;
  endedAt?: number;
  private readonly listeners = new Set<() => void>();

  constructor(readonly socket: Socket, private readonly cap: number, private readonly onBytes: (count: number) => void) {
    socket.on('data', (chunk: Buffer) => this.add(chunk));
    socket.resume();
    socket.on('end', () => this.finish('fin'));
    socket.on('error', (error: NodeJS.ErrnoException) => this.finish(isReset(error) ? 'reset' : 'error', error.code));
    socket.on('close', () => this.finish('fin'));
  }

  private add(chunk: Buffer): void {
    const now = Date.now();
    this.firstByteAt ??= now;
    this.lastByteAt = now;
    this.total += chunk.length;
    this.chunkCount++;
    this.onBytes(chunk.length);
    if (this.kept < this.cap) {
      const slice = chunk.subarray(0, this.cap - this.kept);
      if (this.kept + slice.length > this.store.length) {
        const grown = Buffer.alloc(Math.min(this.cap, Math.max(this.kept + slice.length, this.store.length * 2, 4096)));
        this.store.copy(grown, 0, 0, this.kept);
        this.store = grown;
      }
      slice.copy(this.store, this.kept);
      this.kept += slice.length;
    }
    if (this.total >= this.cap && this.end === 'open') {
      // Endless senders: stop reading once the cap is reached.
      this.finish('capped');
      this.socket.destroy();
    }
    this.notify();
  }

  private finish(end: StreamEnd, code?: string): void {
    if (this.end !== 'open') return;
    this.end = end;
    this.endCode = code;
    this.endedAt = Date.now();
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** The bytes kept so far (at most the cap). */
  bytes(): Buffer {
    return this.store.subarray(0, this.kept);
  }

  /**
   * Resolves when `done()` holds, the stream ends, the wait elapses or the signal aborts — checked after every
   * chunk, so a trickling server cannot stretch the wait beyond `ms`.
   */
  waitUntil(done: () => boolean, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (done() || this.end !== 'open') finish();
      };
      const finish = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
        signal.removeEventListener('abort', finish);
        resolve();
      };
      const timer = setTimeout(finish, Math.max(0, ms));
      this.listeners.add(check);
      signal.addEventListener('abort', finish, { once: true });
      if (signal.aborted) finish();
      else check();
    });
  }
}

export function isReset(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ECONNRESET' || error.code === 'EPIPE' || error.code === 'ECONNABORTED';
}
