// A hand-made probe report for the panel's pure modules: every section filled, and hostile network-supplied text
// where the real probe would copy it from the wire (certificate subject and names, banner, alert detail).
import type { ProbeReport } from '../../../src/core/probe/report';

export const hostileSubject = 'CN=<script>window.pwned=1</script>, O=<img src=x onerror="window.pwned=2">';

export function sampleReport(overrides: Partial<ProbeReport> = {}): ProbeReport {
  return {
    version: 1,
    target: { input: '127.0.0.1:8443', host: '127.0.0.1', port: 8443, servername: 'localhost', addresses: ['127.0.0.1'], address: '127.0.0.1' },
    verdict: 'fail',
    diagnosis: {
      id: 'cert-expired',
      title: 'The certificate has expired',
      summary: 'The leaf certificate expired on 2021-01-01 | [click](javascript:alert(1))',
      evidence: ['notAfter 2021-01-01T00:00:00Z', `subject ${hostileSubject}`],
      fixes: [{ audience: 'server', text: 'Renew the certificate.' }, { audience: 'client', text: 'Check the clock.' }],
      alternatives: [{ id: 'cert-not-yet-valid', title: 'Clock skew', reason: 'a client clock far in the future' }],
      openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: 'error:0A000086:SSL routines::certificate verify failed', verifyResult: '10 X509_V_ERR_CERT_HAS_EXPIRED' },
    },
    findings: [{ id: 'weak-cipher', severity: 'warning', title: 'Weak cipher', detail: 'accepts TLS_RSA_WITH_3DES_EDE_CBC_SHA' }],
    steps: [
      { name: 'dns', ms: 0, outcome: 'literal', detail: '127.0.0.1' },
      { name: 'tcp', ms: 1, outcome: 'connected', detail: '127.0.0.1: connected in 1 ms' },
      { name: 'handshake', ms: 12, outcome: 'connected', detail: 'TLSv1.3 TLS_AES_256_GCM_SHA384' },
    ],
    chain: {
      certificates: [{
        subject: hostileSubject, issuer: 'CN=Zoo Intermediate CA', serialNumber: '4A', notBefore: '2020-01-01T00:00:00.000Z', notAfter: '2021-01-01T00:00:00.000Z',
        names: ['localhost', '<img src=x onerror=alert(3)>'], key: 'EC P-256', signatureAlgorithm: 'ecdsa-with-SHA256', fingerprintSha256: 'AB:CD', isCa: false, selfSigned: false,
      }],
      asSent: true, trust: 'trusted', anchor: 'CN=Zoo Root CA', hostnameMatches: true,
    },
    negotiated: { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', alpn: 'http/1.1', keyExchange: 'X25519' },
    versions: { 'TLSv1': 'refused', 'TLSv1.1': 'refused', 'TLSv1.2': 'accepted', 'TLSv1.3': 'accepted' },
    close: 'close_notify',
    connections: 4,
    bytesRead: 5120,
    cancelled: false,
    ms: 42,
    ...overrides,
  };
}
