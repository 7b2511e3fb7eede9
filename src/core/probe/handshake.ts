// The full handshake with Node's own TLS stack over a byte-tapped socket: the tap sees FIN vs RST vs silence,
// truncated records and whether close_notify came, which Node's TLS API reports inconsistently (and which
// Electron's BoringSSL words differently). After the handshake, one minimal request shows how the server closes.
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import type { CloseBehaviour } from './report';
import { SocketRecorder, type StreamEnd } from './socketRecorder';
import { alertFromLibraryError, frameRecords, recordType } from './tlsWire';

export interface WireSummary {
  readonly bytes: number;
  readonly end: StreamEnd;
  /** Bytes of a record cut short at the end of the stream. */
  readonly trailingBytes: number;
  /** Offset where the stream stopped being TLS records (garbage after a valid start). */
  readonly malformedAt?: number;
  readonly records: number;
  /** The first bytes received (at most 16), to recognise an HTTP answer. */
  readonly head: Buffer;
}

export interface LibraryError {
  readonly code?: string;
  readonly message: string;
  readonly alert?: number;
  readonly phase: 'handshake' | 'after-handshake';
}

export interface HandshakeObservation {
  readonly outcome: 'connected' | 'failed' | 'timeout';
  readonly ms: number;
  readonly error?: LibraryError;
  readonly wire: WireSummary;
  readonly protocol?: string;
  readonly cipher?: string;
  readonly alpn?: string;
  readonly keyExchange?: string;
  /** DER certificates as Node reports the peer chain, leaf first. */
  readonly chain: readonly Buffer[];
  /** Node's verification result against the roots we passed (`CERT_HAS_EXPIRED`, …). */
  readonly authorizationError?: string;
  readonly close: CloseBehaviour;
  readonly request: 'http/1.1' | 'h2' | 'none';
  /** First line of the server's answer to our request. */
  readonly response?: string;
  readonly closeMs?: number;
}

export interface HandshakeOptions {
  readonly servername?: string;
  /** The HTTP Host of the minimal request: the SNI name when there is one, so virtual hosts match. */
  readonly host: string;
  readonly port: number;
  /** Trust settings with the user's extra CAs; undefined uses Node's default roots (and NODE_EXTRA_CA_CERTS). */
  readonly secureContext?: tls.SecureContext;
  readonly handshakeTimeoutMs: number;
  /** Time left for the close-behaviour check after the handshake. */
  readonly closeBudgetMs: () => number;
  readonly signal: AbortSignal;
  readonly onBytes: (count: number) => void;
}

/** Bytes the tap keeps and reads per handshake connection before it stops reading. */
export const tapByteCap = 512 * 1024;

// Loading ~150 roots into a context costs tens of milliseconds of CPU, so contexts are built once per CA set.
const contexts = new Map<string, tls.SecureContext>();

/** A context trusting the default roots plus `extraCaPem`. */
export function contextWithExtraCa(extraCaPem: string): tls.SecureContext {
  let context = contexts.get(extraCaPem);
  if (!context) {
    if (contexts.size >= 8) contexts.clear();
    context = tls.createSecureContext({ ca: [...tls.rootCertificates, extraCaPem] });
    contexts.set(extraCaPem, context);
  }
  return context;
}
// Ports where a minimal HTTP request is the natural first message even without ALPN.
const httpPorts = new Set([443, 4443, 8443, 9443, 10443]);
// HTTP/2 preface, an empty SETTINGS frame and GOAWAY(NO_ERROR): the smallest polite h2 conversation.
const h2Hello = Buffer.concat([
  Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'),
  Buffer.from('000000040000000000', 'hex'),
  Buffer.from('0000080700000000000000000000000000', 'hex'),
]);

/** A Duplex over the raw socket, so TLS runs over bytes we can see (the zoo's servers use it the same way). */
export class TappedStream extends Duplex {
  constructor(private readonly socket: Socket) {
    super();
    socket.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('close', () => this.push(null));
    socket.on('error', (error) => this.destroy(error));
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.socket.destroyed) { callback(); return; }
    this.socket.write(chunk, () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}

function wireSummary(recorder: SocketRecorder): WireSummary {
  const framing = frameRecords(recorder.bytes());
  return { bytes: recorder.total, end: recorder.end, trailingBytes: framing.trailingBytes, malformedAt: framing.malformedAt, records: framing.records.length, head: Buffer.from(recorder.bytes().subarray(0, 16)) };
}

function toLibraryError(error: NodeJS.ErrnoException, phase: LibraryError['phase']): LibraryError {
  return { code: error.code, message: error.message, alert: alertFromLibraryError(error.code, error.message), phase };
}

function peerChain(socket: tls.TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  const seen = new Set<string>();
  let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert?.raw && !seen.has(cert.fingerprint256) && chain.length < 16) {
    seen.add(cert.fingerprint256);
    chain.push(cert.raw);
    cert = cert.issuerCertificate;
  }
  return chain;
}

/**
 * How the stream ended after the exchange. The close_notify alert is encrypted, so it is recognised by shape:
 * TLS ≤1.2 sends it as the last record of type alert; TLS 1.3 as a final 19-byte application-data record
 * (2 alert bytes + content type + 16-byte AEAD tag).
 */
export function closeBehaviour(bytes: Buffer, end: StreamEnd, protocol: string | undefined): CloseBehaviour {
  if (end === 'reset') return 'reset';
  if (end === 'open' || end === 'capped') return 'kept-open';
  const framing = frameRecords(bytes);
  if (framing.trailingBytes > 0) return 'truncated-record';
  const last = framing.records[framing.records.length - 1];
  if (!last) return 'eof-without-close_notify';
  const closeNotify = protocol === 'TLSv1.3'
    ? last.type === recordType.applicationData && last.length === 19
    : last.type === recordType.alert;
  return closeNotify ? 'close_notify' : 'eof-without-close_notify';
}

/** Runs the handshake on a connected socket, then the close-behaviour check; destroys the socket afterwards. */
export async function runHandshake(socket: Socket, options: HandshakeOptions): Promise<HandshakeObservation> {
  const recorder = new SocketRecorder(socket, tapByteCap, options.onBytes);
  const tap = new TappedStream(socket);
  // The recorder and the TLS socket report stream errors; the tap itself must never throw one unheard.
  tap.on('error', () => undefined);
  const started = Date.now();
  const tlsSocket = tls.connect({
    socket: tap,
    servername: options.servername,
    ALPNProtocols: ['h2', 'http/1.1'],
    rejectUnauthorized: false,
    secureContext: options.secureContext,
  });
  let lateError: LibraryError | undefined;
  let connected = false;
  try {
    const first = await new Promise<{ kind: 'connected' } | { kind: 'failed'; error: NodeJS.ErrnoException } | { kind: 'timeout' }>((resolve) => {
      const finish = (result: { kind: 'connected' } | { kind: 'failed'; error: NodeJS.ErrnoException } | { kind: 'timeout' }): void => {
        clearTimeout(timer);
        options.signal.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const onAbort = (): void => finish({ kind: 'timeout' });
      const timer = setTimeout(onAbort, Math.max(1, options.handshakeTimeoutMs));
      tlsSocket.once('secureConnect', () => {
        connected = true;
        finish({ kind: 'connected' });
      });
      tlsSocket.on('error', (error: NodeJS.ErrnoException) => {
        if (connected) lateError ??= toLibraryError(error, 'after-handshake');
        else finish({ kind: 'failed', error });
      });
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
    });
    const ms = Date.now() - started;
    if (first.kind !== 'connected') {
      // Let a FIN or RST that is already on its way be recorded before judging the wire.
      await recorder.waitUntil(() => false, first.kind === 'failed' ? 20 : 0, options.signal);
      return {
        outcome: first.kind === 'failed' ? 'failed' : 'timeout', ms,
        error: first.kind === 'failed' ? toLibraryError(first.error, 'handshake') : undefined,
        wire: wireSummary(recorder), chain: [], close: 'not-checked', request: 'none',
      };
    }
    const protocol = tlsSocket.getProtocol() ?? undefined;
    const cipher = tlsSocket.getCipher();
    const ephemeral = tlsSocket.getEphemeralKeyInfo();
    const alpn = tlsSocket.alpnProtocol === false ? undefined : tlsSocket.alpnProtocol ?? undefined;
    const chain = peerChain(tlsSocket);
    const authorizationError = tlsSocket.authorized ? undefined : String(tlsSocket.authorizationError);

    const request: HandshakeObservation['request'] = alpn === 'h2' ? 'h2' : alpn === 'http/1.1' || httpPorts.has(options.port) ? 'http/1.1' : 'none';
    let answer = Buffer.alloc(0);
    tlsSocket.on('data', (chunk: Buffer) => {
      if (answer.length < 512) answer = Buffer.concat([answer, chunk]).subarray(0, 512);
    });
    const closeStarted = Date.now();
    if (request === 'h2') tlsSocket.write(h2Hello);
    else if (request === 'http/1.1') {
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      tlsSocket.write(`HEAD / HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: openssl-doctor\r\nAccept: */*\r\nConnection: close\r\n\r\n`);
    }
    // Wait for the server to close; stop when it has been quiet for a while (it keeps the connection open).
    const budget = options.closeBudgetMs();
    const idleMs = Math.min(request === 'none' ? 300 : 1000, budget);
    const closeDeadline = Date.now() + budget;
    for (;;) {
      const before = recorder.total;
      const wait = Math.min(idleMs, closeDeadline - Date.now());
      if (wait <= 0) break;
      await recorder.waitUntil(() => false, wait, options.signal);
      if (recorder.end !== 'open' || options.signal.aborted || recorder.total === before) break;
    }
    // A post-handshake alert (TLS 1.3 certificate_required) is processed just after the bytes arrive.
    await new Promise((resolve) => setImmediate(resolve));
    const close = lateError?.alert !== undefined ? 'not-checked' : closeBehaviour(recorder.bytes(), recorder.end, protocol);
    const response = answer.length > 0 && request === 'http/1.1' ? answer.toString('latin1').split(/\r?\n/)[0]?.replace(/[^\x20-\x7e]/g, '.') : undefined;
    return {
      outcome: 'connected', ms, error: lateError, wire: wireSummary(recorder), protocol,
      cipher: cipher.standardName, alpn, keyExchange: ephemeral && 'name' in ephemeral && ephemeral.name ? `${ephemeral.type} ${ephemeral.name}` : undefined,
      chain, authorizationError, close, request, response, closeMs: Date.now() - closeStarted,
    };
  } finally {
    tlsSocket.destroy();
    socket.destroy();
  }
}
