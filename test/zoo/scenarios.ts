// The fault zoo: one loopback scenario per diagnosis id (and the common findings), each with what the probe
// must conclude. Used by the unit suite, the extension-host suite and the bench.
import * as net from 'node:net';
import type { DiagnosisId, FindingId, ProbeOptions, Verdict } from '../../src/core/probe/report';
import { alertRecord, readClientHello, serverHelloFlight } from './fakeTls';
import type { ZooPki } from './pki';
import { closedPort, dnsServer, http2Server, httpAnswer, onFirstBytes, proxyServer, rawServer, tlsOverRawServer, tlsServer, type ZooServer } from './servers';

export interface ScenarioSetup {
  readonly target: string;
  readonly options: ProbeOptions;
  close(): Promise<void>;
}

export interface Scenario {
  readonly name: string;
  readonly expect: DiagnosisId;
  readonly verdict: Verdict;
  /** Must match the summary or one line of evidence: the key fact the diagnosis rests on. */
  readonly evidence: RegExp;
  readonly finding?: FindingId;
  /** A hostile server: the point is a bounded, orderly finish. */
  readonly hostile?: boolean;
  setup(pki: ZooPki): Promise<ScenarioSetup>;
}

/** Deadline for scenarios that wait out a silent or slow server. */
export const slowScenarioTimeoutMs = 1500;
const timeoutMs = 4000;

function atPort(server: ZooServer, pki: ZooPki, extra: ProbeOptions = {}): ScenarioSetup {
  return { target: `127.0.0.1:${server.port}`, options: { servername: 'localhost', ca: pki.root.pem, timeoutMs, ...extra }, close: () => server.close() };
}

const chain = (leaf: { pem: string; keyPem: string }, ...rest: { pem: string }[]): { key: string; cert: string } =>
  ({ key: leaf.keyPem, cert: [leaf.pem, ...rest.map((c) => c.pem)].join('') });

function helloArrived(bytes: Buffer): boolean {
  return readClientHello(bytes) !== undefined || bytes.length > 4096;
}

/** A fake server that reads the ClientHello and answers with `respond`'s bytes (undefined: stay silent). */
function fakeTls(respond: (hello: ReturnType<typeof readClientHello>, socket: net.Socket) => void): Promise<ZooServer> {
  return rawServer((socket) => onFirstBytes(socket, helloArrived, (bytes) => respond(readClientHello(bytes), socket)));
}

export const scenarios: readonly Scenario[] = [
  {
    name: 'healthy TLS 1.3', expect: 'healthy', verdict: 'ok', evidence: /TLSv1\.3/,
    setup: async (pki) => atPort(await tlsServer({ ...chain(pki.good, pki.intermediate), ALPNProtocols: ['http/1.1'] }), pki),
  },
  {
    name: 'healthy TLS 1.2', expect: 'healthy', verdict: 'ok', evidence: /TLSv1\.2/,
    setup: async (pki) => atPort(await tlsServer({ ...chain(pki.good, pki.intermediate), ALPNProtocols: ['http/1.1'], maxVersion: 'TLSv1.2' }), pki),
  },
  {
    name: 'healthy HTTP/2 front end', expect: 'healthy', verdict: 'ok', evidence: /ALPN h2/,
    setup: async (pki) => atPort(await http2Server(chain(pki.good, pki.intermediate)), pki),
  },
  {
    name: 'healthy TLS 1.3 only', expect: 'healthy', verdict: 'ok', evidence: /TLSv1\.3/,
    setup: async (pki) => atPort(await tlsServer({ ...chain(pki.good, pki.intermediate), ALPNProtocols: ['http/1.1'], minVersion: 'TLSv1.3' }), pki),
  },
  {
    name: 'certificate expiring soon', expect: 'healthy', verdict: 'warn', finding: 'cert-expiring-soon', evidence: /works/,
    setup: async (pki) => atPort(await tlsServer({ ...chain(pki.expiringSoon, pki.intermediate), ALPNProtocols: ['http/1.1'] }), pki),
  },
  {
    name: 'TLS 1.0 still accepted', expect: 'healthy', verdict: 'warn', finding: 'legacy-protocol', evidence: /works/,
    setup: async (pki) => atPort(await tlsServer({ ...chain(pki.good, pki.intermediate), ALPNProtocols: ['http/1.1'], minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }), pki),
  },
  {
    name: 'chain sent out of order', expect: 'healthy', verdict: 'warn', finding: 'chain-order', evidence: /works/,
    setup: async (pki) => atPort(await tlsServer({ ...chain(pki.good, pki.interceptionRoot, pki.intermediate), ALPNProtocols: ['http/1.1'] }), pki),
  },
  {
    name: 'DNS name does not exist', expect: 'dns-not-found', verdict: 'fail', evidence: /NXDOMAIN|ENOTFOUND/,
    setup: async (pki) => {
      const dns = await dnsServer(3);
      return { target: 'nx.zoo.invalid:443', options: { ca: pki.root.pem, timeoutMs, dnsServers: [`127.0.0.1:${dns.port}`] }, close: () => dns.close() };
    },
  },
  {
    name: 'DNS server failure', expect: 'dns-failure', verdict: 'fail', evidence: /SERVFAIL/,
    setup: async (pki) => {
      const dns = await dnsServer(2);
      return { target: 'servfail.zoo.invalid:443', options: { ca: pki.root.pem, timeoutMs, dnsServers: [`127.0.0.1:${dns.port}`] }, close: () => dns.close() };
    },
  },
  {
    name: 'DNS server does not answer', expect: 'dns-failure', verdict: 'fail', evidence: /did not answer in time/,
    setup: async (pki) => {
      const dns = await dnsServer('silent');
      return { target: 'quiet.zoo.invalid:443', options: { ca: pki.root.pem, timeoutMs: slowScenarioTimeoutMs, dnsServers: [`127.0.0.1:${dns.port}`] }, close: () => dns.close() };
    },
  },
  { name: 'port closed', expect: 'tcp-refused', verdict: 'fail', evidence: /refused|ECONNREFUSED/, setup: async (pki) => atPort(await closedPort(), pki) },
  {
    name: 'reset on accept', expect: 'reset-on-connect', verdict: 'fail', evidence: /reset/i,
    setup: async (pki) => atPort(await rawServer((s) => s.resetAndDestroy()), pki),
  },
  {
    name: 'FIN on accept', expect: 'closed-before-handshake', verdict: 'fail', evidence: /FIN/,
    setup: async (pki) => atPort(await rawServer((s) => s.end()), pki),
  },
  {
    name: 'FIN after the ClientHello', expect: 'closed-before-handshake', verdict: 'fail', evidence: /closed the connection \(FIN\)/,
    setup: async (pki) => atPort(await fakeTls((_hello, s) => s.end()), pki),
  },
  {
    name: 'RST after the ClientHello', expect: 'reset-during-handshake', verdict: 'fail', evidence: /RST/,
    setup: async (pki) => atPort(await fakeTls((_hello, s) => s.resetAndDestroy()), pki),
  },
  {
    name: 'silent after accept', expect: 'no-response', verdict: 'fail', evidence: /nothing at all/,
    setup: async (pki) => atPort(await rawServer(() => undefined), pki, { timeoutMs: slowScenarioTimeoutMs }),
  },
  {
    name: 'slow trickle', expect: 'slow-response', verdict: 'fail', hostile: true, evidence: /slowly/,
    setup: async (pki) => atPort(await fakeTls((_hello, s) => {
      s.write(Buffer.from([22, 3, 3, 0x10, 0x00]));
      const timer = setInterval(() => { if (s.writable) s.write(Buffer.alloc(4, 0x42)); }, 50);
      s.on('close', () => clearInterval(timer));
    }), pki, { timeoutMs: slowScenarioTimeoutMs }),
  },
  {
    name: 'plain HTTP on the TLS port', expect: 'not-tls-http', verdict: 'fail', evidence: /HTTP\/1\.1 400/,
    setup: async (pki) => atPort(await rawServer((s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'))), pki),
  },
  {
    name: 'SSH server', expect: 'not-tls-ssh', verdict: 'fail', evidence: /SSH-2\.0-OpenSSH/,
    setup: async (pki) => atPort(await rawServer((s) => s.write('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n')), pki),
  },
  {
    name: 'SMTP greeting', expect: 'starttls-required', verdict: 'fail', evidence: /220 mail\.zoo\.test/,
    setup: async (pki) => atPort(await rawServer((s) => s.write('220 mail.zoo.test ESMTP Postfix\r\n')), pki),
  },
  {
    name: 'binary garbage', expect: 'not-tls-unknown', verdict: 'fail', evidence: /8f1c/,
    setup: async (pki) => atPort(await fakeTls((_hello, s) => s.write(Buffer.from('8f1c00ff7e2a9b0103050709', 'hex'))), pki),
  },
  {
    name: 'server speaks only TLS 1.0', expect: 'protocol-version-mismatch', verdict: 'fail', evidence: /only speaks TLSv1\b/,
    setup: async (pki) => atPort(await fakeTls((hello, s) => {
      const offersTls10 = hello && (hello.supportedVersions ? hello.supportedVersions.includes(0x0301) : hello.clientVersion >= 0x0301);
      s.end(offersTls10 ? serverHelloFlight(0x0301, 0xc013) : alertRecord(70));
    }), pki),
  },
  {
    name: 'intolerant of TLS 1.3 hellos', expect: 'protocol-version-mismatch', verdict: 'fail', evidence: /intolerance/,
    setup: async (pki) => atPort(await fakeTls((hello, s) => {
      if (hello?.supportedVersions) { s.end(); return; }
      s.end(hello?.suites.includes(0xc02f) ? serverHelloFlight(0x0303, 0xc02f) : alertRecord(40));
    }), pki),
  },
  {
    name: 'only a legacy cipher suite', expect: 'cipher-mismatch', verdict: 'fail', evidence: /TLS_RSA_WITH_CAMELLIA_128_CBC_SHA/,
    setup: async (pki) => atPort(await fakeTls((hello, s) => {
      s.end(hello?.suites.includes(0x0041) && !hello.supportedVersions?.every((v) => v !== 0x0303) ? serverHelloFlight(0x0303, 0x0041) : alertRecord(40));
    }), pki),
  },
  {
    name: 'SNI required (no SNI sent)', expect: 'sni-required', verdict: 'fail', evidence: /alert 112/,
    setup: async (pki) => {
      const setup = atPort(await fakeTls((hello, s) => s.end(alertRecord(hello?.servername ? 40 : 112))), pki);
      return { ...setup, options: { ...setup.options, servername: undefined } };
    },
  },
  {
    name: 'SNI required (finding on a working endpoint)', expect: 'healthy', verdict: 'ok', finding: 'sni-required', evidence: /works/,
    setup: async (pki) => {
      const backend = await tlsServer({ ...chain(pki.good, pki.intermediate), ALPNProtocols: ['http/1.1'] });
      const front = await rawServer((s) => onFirstBytes(s, helloArrived, (bytes) => {
        if (!readClientHello(bytes)?.servername) { s.end(alertRecord(112)); return; }
        const upstream = net.connect(backend.port, '127.0.0.1', () => { upstream.write(bytes); s.pipe(upstream).pipe(s); });
        upstream.on('error', () => s.destroy());
        s.on('close', () => upstream.destroy());
      }));
      return { ...atPort(front, pki), close: async () => { await front.close(); await backend.close(); } };
    },
  },
  {
    name: 'client certificate required (TLS 1.3)', expect: 'client-cert-required', verdict: 'fail', evidence: /alert 116|certificate_required/,
    setup: async (pki) => atPort(await tlsServer({ ...chain(pki.good, pki.intermediate), requestCert: true, rejectUnauthorized: true, ca: pki.clientCa.pem }), pki),
  },
  {
    name: 'client certificate required (TLS 1.2)', expect: 'client-cert-required', verdict: 'fail', evidence: /CertificateRequest[^]*"Zoo Client CA"/,
    setup: async (pki) => atPort(await tlsServer({ ...chain(pki.good, pki.intermediate), requestCert: true, rejectUnauthorized: true, ca: pki.clientCa.pem, maxVersion: 'TLSv1.2' }), pki),
  },
  {
    name: 'ALPN mismatch', expect: 'alpn-mismatch', verdict: 'fail', evidence: /alert 120/,
    setup: async (pki) => atPort(await tlsServer({ ...chain(pki.good, pki.intermediate), ALPNProtocols: ['x-zoo-only'] }), pki),
  },
  {
    name: 'internal error alert', expect: 'server-internal-error', verdict: 'fail', evidence: /alert 80/,
    setup: async (pki) => atPort(await fakeTls((_hello, s) => s.end(alertRecord(80))), pki),
  },
  {
    name: 'access_denied alert on accept', expect: 'handshake-alert', verdict: 'fail', evidence: /alert 49 \(access_denied\)/,
    setup: async (pki) => atPort(await rawServer((s) => s.end(alertRecord(49))), pki),
  },
  {
    name: 'bare handshake_failure alert', expect: 'handshake-alert', verdict: 'fail', evidence: /alert 40/,
    setup: async (pki) => atPort(await fakeTls((_hello, s) => s.end(alertRecord(40))), pki),
  },
  {
    name: 'expired certificate', expect: 'cert-expired', verdict: 'fail', evidence: /expired on 2021-01-01/,
    setup: async (pki) => atPort(await tlsServer({ ...chain(pki.expired, pki.intermediate), ALPNProtocols: ['http/1.1'] }), pki),
  },
  {
    name: 'not yet valid certificate', expect: 'cert-not-yet-valid', verdict: 'fail', evidence: /2040-01-01/,
    setup: async (pki) => atPort(await tlsServer({ ...chain(pki.notYetValid, pki.intermediate), ALPNProtocols: ['http/1.1'] }), pki),
  },
  {
    name: 'self-signed certificate', expect: 'cert-self-signed', verdict: 'fail', evidence: /self-signed/,
    setup: async (pki) => atPort(await tlsServer({ ...chain(pki.selfSigned), ALPNProtocols: ['http/1.1'] }), pki),
  },
  {
    name: 'unknown root', expect: 'cert-untrusted-root', verdict: 'fail', evidence: /Stranger Root CA/,
    setup: async (pki) => atPort(await tlsServer({ ...chain(pki.strangerLeaf, pki.strangerIntermediate), ALPNProtocols: ['http/1.1'] }), pki),
  },
  {
    name: 'missing intermediate', expect: 'cert-chain-incomplete', verdict: 'fail', evidence: /Zoo Intermediate CA/,
    setup: async (pki) => atPort(await tlsServer({ ...chain(pki.good), ALPNProtocols: ['http/1.1'] }), pki),
  },
  {
    name: 'wrong host name', expect: 'cert-hostname-mismatch', verdict: 'fail', evidence: /wrong\.example/,
    setup: async (pki) => atPort(await tlsServer({ ...chain(pki.wrongHost, pki.intermediate), ALPNProtocols: ['http/1.1'] }), pki),
  },
  {
    name: 'reset on the first request', expect: 'reset-after-handshake', verdict: 'fail', evidence: /RST/,
    setup: async (pki) => atPort(await tlsOverRawServer(chain(pki.good, pki.intermediate), (raw) => raw.resetAndDestroy()), pki),
  },
  {
    name: 'close without close_notify', expect: 'unexpected-eof', verdict: 'warn', evidence: /without sending close_notify/,
    setup: async (pki) => atPort(await tlsOverRawServer(chain(pki.good, pki.intermediate), (raw, secure) => secure.write(httpAnswer, () => raw.end())), pki),
  },
  {
    name: 'truncated record then FIN', expect: 'unexpected-eof', verdict: 'fail', evidence: /incomplete record/,
    setup: async (pki) => atPort(await tlsOverRawServer(chain(pki.good, pki.intermediate), (raw) => raw.end(Buffer.concat([Buffer.from([23, 3, 3, 0, 64]), Buffer.alloc(12, 0x33)]))), pki),
  },
  {
    name: 'proxy demands authentication', expect: 'proxy-auth-required', verdict: 'fail', evidence: /407/,
    setup: async (pki) => {
      const proxy = await proxyServer(407);
      return { target: '127.0.0.1:443', options: { servername: 'localhost', ca: pki.root.pem, timeoutMs, proxy: `http://127.0.0.1:${proxy.port}` }, close: () => proxy.close() };
    },
  },
  {
    name: 'proxy forbids the destination', expect: 'proxy-auth-required', verdict: 'fail', evidence: /403/,
    setup: async (pki) => {
      const proxy = await proxyServer(403);
      return { target: '127.0.0.1:443', options: { servername: 'localhost', ca: pki.root.pem, timeoutMs, proxy: `http://127.0.0.1:${proxy.port}` }, close: () => proxy.close() };
    },
  },
  {
    name: 'proxy cannot reach the target', expect: 'tcp-unreachable', verdict: 'fail', evidence: /502/,
    setup: async (pki) => {
      const proxy = await proxyServer(502);
      return { target: '127.0.0.1:443', options: { servername: 'localhost', ca: pki.root.pem, timeoutMs, proxy: `http://127.0.0.1:${proxy.port}` }, close: () => proxy.close() };
    },
  },
  {
    name: 'proxy never answers CONNECT', expect: 'no-response', verdict: 'fail', hostile: true, evidence: /sent nothing/,
    setup: async (pki) => {
      const proxy = await rawServer(() => undefined);
      return { target: '127.0.0.1:443', options: { servername: 'localhost', ca: pki.root.pem, timeoutMs: slowScenarioTimeoutMs, proxy: `http://127.0.0.1:${proxy.port}` }, close: () => proxy.close() };
    },
  },
  {
    name: 'proxy intercepts TLS', expect: 'tls-interception', verdict: 'fail', evidence: /Corporate TLS Inspection CA/,
    setup: async (pki) => {
      const real = await tlsServer({ ...chain(pki.good, pki.intermediate), ALPNProtocols: ['http/1.1'] });
      const mitm = await tlsServer({ ...chain(pki.intercepted, pki.interceptionRoot), ALPNProtocols: ['http/1.1'] });
      const proxy = await proxyServer(200, mitm.port);
      return {
        target: `127.0.0.1:${real.port}`, options: { servername: 'localhost', ca: pki.root.pem, timeoutMs, proxy: `http://127.0.0.1:${proxy.port}` },
        close: async () => { await proxy.close(); await mitm.close(); await real.close(); },
      };
    },
  },
  {
    name: 'proxy re-signs and the target has no direct route', expect: 'cert-untrusted-root', verdict: 'fail', finding: 'interception-not-compared', evidence: /Corporate TLS Inspection CA/,
    setup: async (pki) => {
      const closed = await closedPort();
      const mitm = await tlsServer({ ...chain(pki.intercepted, pki.interceptionRoot), ALPNProtocols: ['http/1.1'] });
      const proxy = await proxyServer(200, mitm.port);
      return {
        target: `127.0.0.1:${closed.port}`, options: { servername: 'localhost', ca: pki.root.pem, timeoutMs, proxy: `http://127.0.0.1:${proxy.port}` },
        close: async () => { await proxy.close(); await mitm.close(); },
      };
    },
  },
  // Hostile servers: each must end within the deadline with a diagnosis.
  {
    name: 'endless data on connect', expect: 'not-tls-unknown', verdict: 'fail', hostile: true, evidence: /neither TLS nor text/,
    setup: async (pki) => atPort(await rawServer((s) => {
      const chunk = Buffer.alloc(16 * 1024, 0x9c);
      const pump = (): void => { while (s.writable && s.write(chunk)) { /* fill the socket buffer */ } };
      s.on('drain', pump);
      pump();
    }), pki),
  },
  {
    name: 'endless data after the handshake', expect: 'healthy', verdict: 'ok', finding: 'keeps-connection-open', hostile: true, evidence: /works/,
    setup: async (pki) => atPort(await tlsOverRawServer(chain(pki.good, pki.intermediate), (_raw, secure) => {
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      const pump = (): void => { while (secure.writable && secure.write(chunk)) { /* fill the socket buffer */ } };
      secure.on('drain', pump);
      pump();
    }), pki),
  },
  {
    name: 'enormous certificate chain', expect: 'handshake-alert', verdict: 'fail', hostile: true, evidence: /larger than clients accept|excessive/i,
    setup: async (pki) => atPort(await tlsServer({ ...chain(pki.good, pki.intermediate, ...pki.padding), ALPNProtocols: ['http/1.1'] }), pki),
  },
  {
    name: 'garbage after a valid ServerHello', expect: 'handshake-alert', verdict: 'fail', hostile: true, evidence: /do not parse|malformed/,
    setup: async (pki) => atPort(await fakeTls((_hello, s) => s.end(Buffer.concat([serverHelloFlight(0x0303, 0xc02f), Buffer.alloc(300, 0xff)]))), pki),
  },
  {
    name: 'flood of empty handshake records', expect: 'handshake-alert', hostile: true, verdict: 'fail', evidence: /do not parse|malformed/,
    setup: async (pki) => atPort(await fakeTls((_hello, s) => {
      // 20 000 five-byte records, written one by one so they arrive in many small chunks.
      let sent = 0;
      const pump = (): void => {
        while (sent < 20_000 && s.writable) {
          sent++;
          if (!s.write(Buffer.from([22, 3, 3, 0, 0]))) { s.once('drain', pump); return; }
        }
      };
      pump();
    }), pki),
  },
  {
    name: 'half-open after the ClientHello', expect: 'closed-before-handshake', verdict: 'fail', hostile: true, evidence: /FIN/,
    setup: async (pki) => atPort(await rawServer((s) => onFirstBytes(s, helloArrived, () => s.end()), { allowHalfOpen: true }), pki),
  },
];
