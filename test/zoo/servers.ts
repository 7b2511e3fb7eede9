// Loopback servers for the fault zoo: every one listens on 127.0.0.1, port 0, and tracks its sockets so a
// scenario can be torn down completely.
import * as dgram from 'node:dgram';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { TappedStream } from '../../src/core/probe/handshake';

export interface ZooServer {
  readonly port: number;
  close(): Promise<void>;
}

const loopback = '127.0.0.1';

/** A plain TCP server; `onConnection` decides how it misbehaves. */
export async function rawServer(onConnection: (socket: net.Socket) => void, options: net.ServerOpts = {}): Promise<ZooServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer(options, (socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, loopback, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

export const httpAnswer = 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';

/** A TLS server that answers any request with a small HTTP response and closes with close_notify. */
export function tlsServer(options: tls.TlsOptions): Promise<ZooServer> {
  const context = tls.createSecureContext(options);
  return rawServer((raw) => {
    const secure = new tls.TLSSocket(raw, { isServer: true, secureContext: context, ALPNProtocols: options.ALPNProtocols, requestCert: options.requestCert, rejectUnauthorized: options.rejectUnauthorized });
    secure.on('error', () => raw.destroy());
    secure.on('data', () => secure.end(httpAnswer));
  });
}

/** Node's HTTP/2 server (ALPN h2, HTTP/1.1 allowed), as most HTTPS front ends are today. */
export async function http2Server(options: tls.TlsOptions): Promise<ZooServer> {
  const sessions = new Set<http2.ServerHttp2Session>();
  const server = http2.createSecureServer({ ...options, allowHTTP1: true }, (_request, response) => response.end('ok'));
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, loopback, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      for (const session of sessions) session.destroy();
      server.close(() => resolve());
    }),
  };
}

/**
 * A TLS server over a JS stream, so a scenario can act on the TCP socket directly after the handshake: reset it,
 * close it without close_notify, or write a truncated record.
 */
export function tlsOverRawServer(options: tls.TlsOptions, onRequest: (raw: net.Socket, secure: tls.TLSSocket) => void): Promise<ZooServer> {
  const context = tls.createSecureContext(options);
  return rawServer((raw) => {
    const secure = new tls.TLSSocket(new TappedStream(raw), { isServer: true, secureContext: context, ALPNProtocols: ['http/1.1'] });
    secure.on('error', () => raw.destroy());
    secure.once('data', () => onRequest(raw, secure));
  });
}

/** Waits for a complete ClientHello (or anything the peer sends) and hands the bytes over. */
export function onFirstBytes(socket: net.Socket, enough: (bytes: Buffer) => boolean, handler: (bytes: Buffer) => void): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    if (!enough(buffered)) return;
    socket.removeListener('data', onData);
    handler(buffered);
  };
  socket.on('data', onData);
}

/** An HTTP proxy: answers CONNECT with `status`, or (status 200) splices the tunnel to `tunnelTo`. */
export function proxyServer(status: number, tunnelTo?: number): Promise<ZooServer> {
  return rawServer((socket) => {
    onFirstBytes(socket, (b) => b.includes('\r\n\r\n'), (bytes) => {
      if (status !== 200 || tunnelTo === undefined) {
        const reason = status === 407 ? 'Proxy Authentication Required' : status === 403 ? 'Forbidden' : 'Bad Gateway';
        socket.end(`HTTP/1.1 ${status} ${reason}\r\n${status === 407 ? 'Proxy-Authenticate: Basic realm="zoo"\r\n' : ''}Content-Length: 0\r\n\r\n`);
        return;
      }
      const upstream = net.connect(tunnelTo, loopback, () => {
        socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
        const rest = bytes.subarray(bytes.indexOf('\r\n\r\n') + 4);
        if (rest.length > 0) upstream.write(rest);
        socket.pipe(upstream).pipe(socket);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('close', () => upstream.destroy());
    });
  });
}

/** A UDP DNS server answering every query with `rcode` (3 NXDOMAIN, 2 SERVFAIL) and no records; 'silent' never answers. */
export async function dnsServer(rcode: number | 'silent'): Promise<ZooServer> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (query, peer) => {
    if (query.length < 12 || rcode === 'silent') return;
    // Header plus the question (QNAME labels, QTYPE, QCLASS); any EDNS record of the query is dropped.
    let end = 12;
    while (end < query.length && query[end] !== 0) end += 1 + (query[end] ?? 0);
    const answer = Buffer.from(query.subarray(0, Math.min(query.length, end + 5)));
    answer[2] = 0x81 | ((query[2] ?? 0) & 0x01); // QR, opcode 0, RD copied
    answer[3] = 0x80 | rcode; // RA, rcode
    answer.writeUInt16BE(0, 6);
    answer.writeUInt16BE(0, 8);
    answer.writeUInt16BE(0, 10);
    socket.send(answer, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, loopback, resolve));
  return { port: socket.address().port, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}

/** A port with nothing listening: bind one, then close it. */
export async function closedPort(): Promise<ZooServer> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, loopback, resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { port, close: () => Promise.resolve() };
}
