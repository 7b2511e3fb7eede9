// The raw first flight: listen for a server that speaks first, send our own ClientHello, and classify what
// comes back from the bytes themselves (TLS records, an alert, HTTP, a banner, unknown bytes, FIN, RST,
// silence or a trickle) rather than from a TLS library's error string.
import type { Socket } from 'node:net';
import { buildClientHello, type HelloVariant } from './clientHello';
import { SocketRecorder, type StreamEnd } from './socketRecorder';
import { looksLikeTls, parseServerFlight, type ServerFlight } from './tlsWire';

export type ReplyKind =
  | 'tls-handshake' | 'tls-alert' | 'tls-malformed' | 'tls-incomplete'
  | 'http' | 'ssh' | 'banner' | 'unknown' | 'fin' | 'reset' | 'silence' | 'trickle';

export type BannerProtocol = 'ssh' | 'smtp' | 'ftp' | 'imap' | 'pop3' | 'http' | 'text' | 'binary';

export interface RawReply {
  readonly kind: ReplyKind;
  readonly bytes: number;
  readonly chunks: number;
  readonly end: StreamEnd;
  /** First bytes as printable text (HTTP status line, banner), for evidence. */
  readonly text?: string;
  /** First bytes in hex, for unknown binary answers. */
  readonly hex?: string;
  readonly banner?: BannerProtocol;
  readonly flight?: ServerFlight;
  /** Milliseconds from sending (or from connect, for the banner) to the first byte and to the end of the wait. */
  readonly firstByteMs?: number;
  readonly ms: number;
}

export interface RawExchange {
  readonly variant: HelloVariant;
  readonly servername?: string;
  /** What the server sent before we said anything (only probed on the first connection). */
  readonly unsolicited?: RawReply;
  /** The answer to our ClientHello; absent when the server spoke first or the stream was already gone. */
  readonly reply?: RawReply;
}

/** Bytes kept per raw exchange: enough for a TLS 1.2 flight with a long chain, bounded for endless senders. */
export const rawByteCap = 64 * 1024;

function printable(bytes: Buffer): string {
  return bytes.subarray(0, 160).toString('latin1').split(/\r?\n/)[0]?.replace(/[^\x20-\x7e]/g, '.') ?? '';
}

export function classifyBanner(bytes: Buffer): BannerProtocol {
  const head = bytes.subarray(0, 16).toString('latin1');
  if (head.startsWith('SSH-')) return 'ssh';
  if (/^HTTP\/\d/.test(head)) return 'http';
  if (head.startsWith('* OK') || head.startsWith('* PREAUTH')) return 'imap';
  if (head.startsWith('+OK')) return 'pop3';
  if (/^220[ -]/.test(head)) return /ftp/i.test(bytes.subarray(0, 200).toString('latin1')) ? 'ftp' : 'smtp';
  if (/^\d{3}[ -]/.test(head)) return 'smtp';
  const sample = bytes.subarray(0, 64);
  const text = sample.every((b) => b === 9 || b === 10 || b === 13 || (b >= 0x20 && b < 0x7f));
  return text ? 'text' : 'binary';
}

/** Complete enough to classify: an alert, a TLS 1.3 ServerHello, a TLS 1.2 ServerHelloDone, or a text line. */
function replyComplete(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  if (!looksLikeTls(bytes)) return bytes.includes(0x0a) || bytes.length >= 512 || classifyBanner(bytes) === 'binary';
  const flight = parseServerFlight(bytes);
  return flight.alert !== undefined || flight.malformed || flight.serverHelloDone || flight.changeCipherSpec
    || (flight.serverHello !== undefined && (flight.serverHello.version >= 0x0304 || flight.serverHello.helloRetryRequest));
}

function summarize(recorder: SocketRecorder, since: number, wasComplete: boolean): RawReply {
  const bytes = recorder.bytes();
  const base = {
    bytes: recorder.total, chunks: recorder.chunkCount, end: recorder.end, ms: Date.now() - since,
    firstByteMs: recorder.firstByteAt === undefined ? undefined : recorder.firstByteAt - since,
  };
  if (bytes.length === 0) {
    const kind: ReplyKind = recorder.end === 'reset' ? 'reset' : recorder.end === 'open' ? 'silence' : 'fin';
    return { ...base, kind };
  }
  if (looksLikeTls(bytes)) {
    const flight = parseServerFlight(bytes);
    let kind: ReplyKind;
    if (flight.alert && !flight.serverHello) kind = 'tls-alert';
    else if (flight.serverHello) kind = flight.malformed ? 'tls-malformed' : 'tls-handshake';
    else if (flight.malformed) kind = 'tls-malformed';
    else kind = recorder.end === 'open' && !wasComplete ? 'trickle' : 'tls-incomplete';
    return { ...base, kind, flight, hex: bytes.subarray(0, 16).toString('hex') };
  }
  const banner = classifyBanner(bytes);
  const kind: ReplyKind = banner === 'http' ? 'http' : banner === 'ssh' ? 'ssh' : banner === 'binary' ? 'unknown' : 'banner';
  return { ...base, kind, banner, text: printable(bytes), hex: bytes.subarray(0, 16).toString('hex') };
}

export interface RawExchangeOptions {
  readonly variant: HelloVariant;
  readonly servername?: string;
  readonly alpn?: readonly string[];
  /** Listen this long for unsolicited bytes before sending the hello (0 = send at once). */
  readonly bannerWaitMs: number;
  /** Ends the listen early (another connection already showed the server waits for the client). */
  readonly stopListening?: AbortSignal;
  /** How long to wait for the answer to the hello. */
  readonly replyWaitMs: number;
  readonly signal: AbortSignal;
  readonly onBytes: (count: number) => void;
  /** Called when the banner listen ends, before the hello is sent (progress reporting). */
  readonly onListenDone?: (ms: number, unsolicited: RawReply | undefined) => void;
}

/** Runs one raw exchange on a connected socket and destroys the socket afterwards. */
export async function rawExchange(socket: Socket, options: RawExchangeOptions): Promise<RawExchange> {
  const recorder = new SocketRecorder(socket, rawByteCap, options.onBytes);
  try {
    let unsolicited: RawReply | undefined;
    if (options.bannerWaitMs > 0) {
      const listenStart = Date.now();
      const listenSignal = options.stopListening ? AbortSignal.any([options.signal, options.stopListening]) : options.signal;
      await recorder.waitUntil(() => recorder.total > 0, options.bannerWaitMs, listenSignal);
      if (recorder.total > 0) {
        // Give a banner a moment to finish its first line.
        await recorder.waitUntil(() => replyComplete(recorder.bytes()), Math.min(200, options.replyWaitMs), options.signal);
      }
      if (recorder.total > 0 || recorder.end !== 'open') {
        unsolicited = summarize(recorder, listenStart, replyComplete(recorder.bytes()));
      }
      options.onListenDone?.(Date.now() - listenStart, unsolicited);
      if (unsolicited) return { variant: options.variant, servername: options.servername, unsolicited };
    }
    const sentAt = Date.now();
    socket.write(buildClientHello({ variant: options.variant, servername: options.servername, alpn: options.alpn }));
    await recorder.waitUntil(() => replyComplete(recorder.bytes()), options.replyWaitMs, options.signal);
    return { variant: options.variant, servername: options.servername, unsolicited, reply: summarize(recorder, sentAt, replyComplete(recorder.bytes())) };
  } finally {
    socket.destroy();
  }
}
