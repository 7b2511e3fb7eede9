// Our own ClientHello, built byte by byte so the raw probes offer exactly what we choose (any version, any
// suite, with or without SNI) whatever TLS library the runtime links (OpenSSL in Node, BoringSSL in Electron).
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

/** Cipher suites by IANA code point; `weak` marks the ones a modern server should not accept. */
export const cipherSuites: Readonly<Record<number, { name: string; weak: boolean }>> = {
  0x1301: { name: 'TLS_AES_128_GCM_SHA256', weak: false },
  0x1302: { name: 'TLS_AES_256_GCM_SHA384', weak: false },
  0x1303: { name: 'TLS_CHACHA20_POLY1305_SHA256', weak: false },
  0xc02b: { name: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', weak: false },
  0xc02f: { name: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', weak: false },
  0xc02c: { name: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', weak: false },
  0xc030: { name: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', weak: false },
  0xcca9: { name: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', weak: false },
  0xcca8: { name: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', weak: false },
  0x009e: { name: 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', weak: false },
  0x009f: { name: 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', weak: false },
  0xc009: { name: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', weak: false },
  0xc00a: { name: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', weak: false },
  0xc013: { name: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', weak: false },
  0xc014: { name: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', weak: false },
  0x009c: { name: 'TLS_RSA_WITH_AES_128_GCM_SHA256', weak: false },
  0x009d: { name: 'TLS_RSA_WITH_AES_256_GCM_SHA384', weak: false },
  0x002f: { name: 'TLS_RSA_WITH_AES_128_CBC_SHA', weak: false },
  0x0035: { name: 'TLS_RSA_WITH_AES_256_CBC_SHA', weak: false },
  0x000a: { name: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', weak: true },
  0xc012: { name: 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA', weak: true },
  0x0016: { name: 'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA', weak: true },
  0x0005: { name: 'TLS_RSA_WITH_RC4_128_SHA', weak: true },
  0x0004: { name: 'TLS_RSA_WITH_RC4_128_MD5', weak: true },
  0xc011: { name: 'TLS_ECDHE_RSA_WITH_RC4_128_SHA', weak: true },
  0x0009: { name: 'TLS_RSA_WITH_DES_CBC_SHA', weak: true },
  0x0041: { name: 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA', weak: true },
  0x0084: { name: 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA', weak: true },
  0x0096: { name: 'TLS_RSA_WITH_SEED_CBC_SHA', weak: true },
  0x0007: { name: 'TLS_RSA_WITH_IDEA_CBC_SHA', weak: true },
  0x0003: { name: 'TLS_RSA_EXPORT_WITH_RC4_40_MD5', weak: true },
  0x0001: { name: 'TLS_RSA_WITH_NULL_MD5', weak: true },
  0x0002: { name: 'TLS_RSA_WITH_NULL_SHA', weak: true },
};

export function cipherSuiteName(code: number): string {
  return cipherSuites[code]?.name ?? `0x${code.toString(16).padStart(4, '0')}`;
}

const tls13Suites = [0x1301, 0x1302, 0x1303];
const tls12Suites = [0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0x009e, 0x009f, 0xc009, 0xc013, 0xc00a, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035];
const legacySuites = Object.entries(cipherSuites).filter(([, s]) => s.weak).map(([code]) => Number(code));

/** The hellos the probe sends: the modern default and the variants of the differential probes. */
export type HelloVariant = 'default' | 'tls13-only' | 'tls12-only' | 'tls11-only' | 'tls10-only' | 'legacy-suites';

export interface HelloOptions {
  readonly variant: HelloVariant;
  /** SNI host name; omitted for IP literals (RFC 6066 forbids them) and for the no-SNI probe. */
  readonly servername?: string;
  readonly alpn?: readonly string[];
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value);
  return b;
}

function vector16(body: Buffer): Buffer {
  return Buffer.concat([u16(body.length), body]);
}

function extension(type: number, body: Buffer): Buffer {
  return Buffer.concat([u16(type), vector16(body)]);
}

function u16List(values: readonly number[]): Buffer {
  return Buffer.concat(values.map(u16));
}

interface VariantShape { clientVersion: number; suites: number[]; supportedVersions?: number[] }

function shapeOf(variant: HelloVariant): VariantShape {
  switch (variant) {
    case 'default': return { clientVersion: 0x0303, suites: [...tls13Suites, ...tls12Suites], supportedVersions: [0x0304, 0x0303] };
    case 'tls13-only': return { clientVersion: 0x0303, suites: tls13Suites, supportedVersions: [0x0304] };
    case 'tls12-only': return { clientVersion: 0x0303, suites: tls12Suites };
    case 'tls11-only': return { clientVersion: 0x0302, suites: [...tls12Suites, ...legacySuites] };
    case 'tls10-only': return { clientVersion: 0x0301, suites: [...tls12Suites, ...legacySuites] };
    // Up to TLS 1.2 with only legacy suites: a ServerHello here means the server insists on old crypto.
    case 'legacy-suites': return { clientVersion: 0x0303, suites: legacySuites };
  }
}

/** A complete ClientHello record for the variant. */
export function buildClientHello(options: HelloOptions): Buffer {
  const shape = shapeOf(options.variant);
  const extensions: Buffer[] = [];
  if (options.servername && isIP(options.servername) === 0) {
    const name = Buffer.from(options.servername, 'ascii');
    extensions.push(extension(0, vector16(Buffer.concat([Buffer.from([0]), vector16(name)]))));
  }
  extensions.push(extension(0xff01, Buffer.from([0]))); // renegotiation_info
  extensions.push(extension(10, vector16(u16List([0x001d, 0x0017, 0x0018, 0x0100])))); // supported_groups
  extensions.push(extension(11, Buffer.from([1, 0]))); // ec_point_formats: uncompressed
  extensions.push(extension(23, Buffer.alloc(0))); // extended_master_secret
  extensions.push(extension(13, vector16(u16List([0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0203, 0x0201]))));
  if (options.alpn && options.alpn.length > 0) {
    const list = Buffer.concat(options.alpn.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, 'ascii')])));
    extensions.push(extension(16, vector16(list)));
  }
  if (shape.supportedVersions) {
    const versions = u16List(shape.supportedVersions);
    extensions.push(extension(43, Buffer.concat([Buffer.from([versions.length]), versions])));
    extensions.push(extension(45, Buffer.from([1, 1]))); // psk_key_exchange_modes: psk_dhe_ke
    // An X25519 share: the server only needs 32 bytes to answer; we never finish this handshake.
    extensions.push(extension(51, vector16(Buffer.concat([u16(0x001d), vector16(randomBytes(32))]))));
  }
  const body = Buffer.concat([
    u16(shape.clientVersion),
    randomBytes(32),
    Buffer.from([32]), randomBytes(32), // legacy_session_id (TLS 1.3 middlebox compatibility)
    vector16(u16List(shape.suites)),
    Buffer.from([1, 0]), // compression: null only
    vector16(Buffer.concat(extensions)),
  ]);
  const handshake = Buffer.concat([Buffer.from([1, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([22, 3, 1]), u16(handshake.length), handshake]);
}
