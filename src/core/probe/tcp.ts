// TCP connect with our own timer (the kernel would wait minutes for a dropped SYN), classified by errno.
import * as net from 'node:net';

export type ConnectFailure = 'refused' | 'timeout' | 'unreachable' | 'reset' | 'error' | 'cancelled';

export type ConnectResult =
  | { readonly ok: true; readonly socket: net.Socket; readonly ms: number }
  | { readonly ok: false; readonly failure: ConnectFailure; readonly code?: string; readonly message: string; readonly ms: number };

export function classifyConnectError(error: NodeJS.ErrnoException): ConnectFailure {
  switch (error.code) {
    case 'ECONNREFUSED': return 'refused';
    case 'ETIMEDOUT': return 'timeout';
    case 'EHOSTUNREACH': case 'ENETUNREACH': case 'EADDRNOTAVAIL': case 'ENETDOWN': case 'EHOSTDOWN': return 'unreachable';
    case 'ECONNRESET': case 'EPIPE': case 'ECONNABORTED': return 'reset';
    default: return 'error';
  }
}

/** Connects to one address; never waits longer than `timeoutMs` or past the signal. */
export function connectTcp(address: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<ConnectResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port, noDelay: true });
    let settled = false;
    const settle = (result: ConnectResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
      if (!result.ok) socket.destroy();
      resolve(result);
    };
    const onError = (error: NodeJS.ErrnoException): void => {
      settle({ ok: false, failure: classifyConnectError(error), code: error.code, message: error.message, ms: Date.now() - started });
    };
    const onAbort = (): void => {
      settle({ ok: false, failure: 'cancelled', message: 'the probe was cancelled or ran out of time', ms: Date.now() - started });
    };
    const timer = setTimeout(() => {
      settle({ ok: false, failure: 'timeout', code: 'ETIMEDOUT', message: `no answer to the TCP connection request within ${timeoutMs} ms`, ms: Date.now() - started });
    }, Math.max(1, timeoutMs));
    // A late error must never become an uncaught exception; the socket's users watch 'error' themselves.
    socket.on('error', () => undefined);
    socket.once('connect', () => settle({ ok: true, socket, ms: Date.now() - started }));
    socket.on('error', onError);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
