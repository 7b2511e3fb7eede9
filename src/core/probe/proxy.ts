// HTTP CONNECT tunnels through a proxy, and the proxy the standard environment variables select.
import type * as net from 'node:net';
import { connectTcp, type ConnectFailure } from './tcp';

export interface ProxyEndpoint {
  readonly host: string;
  readonly port: number;
  /** `Basic …` credentials from the URL's user info. */
  readonly authorization?: string;
  /** The URL without credentials, safe to print. */
  readonly display: string;
}

/** Parses `http://[user:pass@]host[:port]`; throws a readable error for anything else. */
export function parseProxyUrl(text: string): ProxyEndpoint {
  let url: URL;
  try {
    url = new URL(text.includes('://') ? text : `http://${text}`);
  } catch {
    throw new Error(`"${text}" is not a proxy URL (expected http://host:port)`);
  }
  if (url.protocol !== 'http:') throw new Error(`only http:// proxies are supported (HTTP CONNECT), not ${url.protocol}//`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? 80 : Number(url.port);
  const authorization = url.username !== ''
    ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
    : undefined;
  return { host, port, authorization, display: `http://${url.host}` };
}

function matchesNoProxy(host: string, port: number, noProxy: string): boolean {
  const lower = host.toLowerCase();
  return noProxy.split(/[\s,]+/).filter(Boolean).some((entry) => {
    if (entry === '*') return true;
    const [name = '', entryPort] = entry.toLowerCase().split(/:(?=\d+$)/);
    if (entryPort !== undefined && Number(entryPort) !== port) return false;
    const bare = name.replace(/^\*?\./, '');
    return lower === bare || lower.endsWith(`.${bare}`);
  });
}

/** The proxy curl and most tools would use for an https target: HTTPS_PROXY, then ALL_PROXY, minus NO_PROXY. */
export function proxyFromEnvironment(env: NodeJS.ProcessEnv, host: string, port: number): string | undefined {
  const proxy = env.https_proxy ?? env.HTTPS_PROXY ?? env.all_proxy ?? env.ALL_PROXY;
  if (proxy === undefined || proxy === '') return undefined;
  const noProxy = env.no_proxy ?? env.NO_PROXY ?? '';
  return matchesNoProxy(host, port, noProxy) ? undefined : proxy;
}

export type TunnelResult =
  | { readonly ok: true; readonly socket: net.Socket; readonly ms: number; readonly statusLine: string }
  | { readonly ok: false; readonly stage: 'connect'; readonly failure: ConnectFailure; readonly message: string; readonly ms: number }
  | { readonly ok: false; readonly stage: 'answer'; readonly status?: number; readonly statusLine: string; readonly authenticate?: string; readonly ms: number; readonly bytes: number };

const maxProxyAnswer = 16 * 1024;

/** Opens a CONNECT tunnel to host:port; the answer's status line and headers are read with a byte cap. */
export async function openTunnel(proxy: ProxyEndpoint, host: string, port: number, timeoutMs: number, signal: AbortSignal, onBytes: (n: number) => void): Promise<TunnelResult> {
  const started = Date.now();
  const connected = await connectTcp(proxy.host, proxy.port, timeoutMs, signal);
  if (!connected.ok) return { ok: false, stage: 'connect', failure: connected.failure, message: connected.message, ms: connected.ms };
  const socket = connected.socket;
  const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${proxy.authorization ? `Proxy-Authorization: ${proxy.authorization}\r\n` : ''}\r\n`);
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    const settle = (result: TunnelResult): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onEnd);
      socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      socket.removeListener('close', onEnd);
      if (!result.ok) socket.destroy();
      resolve(result);
    };
    const answer = (): TunnelResult => {
      const head = buffered.toString('latin1');
      const statusLine = head.split('\r\n')[0] ?? '';
      const status = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(statusLine)?.[1];
      const authenticate = /^proxy-authenticate:[ \t]*(.*)$/im.exec(head)?.[1]?.trim();
      return { ok: false, stage: 'answer', status: status === undefined ? undefined : Number(status), statusLine: statusLine.slice(0, 200), authenticate, ms: Date.now() - started, bytes: buffered.length };
    };
    const onData = (chunk: Buffer): void => {
      onBytes(chunk.length);
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buffered.length > maxProxyAnswer) settle(answer());
        return;
      }
      const result = answer();
      if (result.ok || result.stage !== 'answer' || result.status !== 200) { settle(result); return; }
      socket.pause();
      const rest = buffered.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      settle({ ok: true, socket, ms: Date.now() - started, statusLine: result.statusLine });
    };
    const onEnd = (): void => settle(answer());
    const timer = setTimeout(onEnd, Math.max(1, timeoutMs - (Date.now() - started)));
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    if (signal.aborted) onEnd();
    else signal.addEventListener('abort', onEnd, { once: true });
  });
}
