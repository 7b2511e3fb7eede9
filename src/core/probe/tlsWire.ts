// TLS wire format: record framing, alert names and the plaintext part of a server's first flight. Pure
// functions over bytes, so the same parser serves the raw probes and the byte tap under Node's handshake.

/** Alert descriptions (RFC 8446 §6, RFC 5246 §7.2) with the reason string OpenSSL 3.0 prints for each. */
const alerts: Readonly<Record<number, { name: string; openssl: string }>> = {
  0: { name: 'close_notify', openssl: 'close notify' },
  10: { name: 'unexpected_message', openssl: 'sslv3 alert unexpected message' },
  20: { name: 'bad_record_mac', openssl: 'sslv3 alert bad record mac' },
  21: { name: 'decryption_failed', openssl: 'tlsv1 alert decryption failed' },
  22: { name: 'record_overflow', openssl: 'tlsv1 alert record overflow' },
  30: { name: 'decompression_failure', openssl: 'sslv3 alert decompression failure' },
  40: { name: 'handshake_failure', openssl: 'sslv3 alert handshake failure' },
  41: { name: 'no_certificate', openssl: 'sslv3 alert no certificate' },
  42: { name: 'bad_certificate', openssl: 'sslv3 alert bad certificate' },
  43: { name: 'unsupported_certificate', openssl: 'sslv3 alert unsupported certificate' },
  44: { name: 'certificate_revoked', openssl: 'sslv3 alert certificate revoked' },
  45: { name: 'certificate_expired', openssl: 'sslv3 alert certificate expired' },
  46: { name: 'certificate_unknown', openssl: 'sslv3 alert certificate unknown' },
  47: { name: 'illegal_parameter', openssl: 'sslv3 alert illegal parameter' },
  48: { name: 'unknown_ca', openssl: 'tlsv1 alert unknown ca' },
  49: { name: 'access_denied', openssl: 'tlsv1 alert access denied' },
  50: { name: 'decode_error', openssl: 'tlsv1 alert decode error' },
  51: { name: 'decrypt_error', openssl: 'tlsv1 alert decrypt error' },
  60: { name: 'export_restriction', openssl: 'tlsv1 alert export restriction' },
  70: { name: 'protocol_version', openssl: 'tlsv1 alert protocol version' },
  71: { name: 'insufficient_security', openssl: 'tlsv1 alert insufficient security' },
  80: { name: 'internal_error', openssl: 'tlsv1 alert internal error' },
  86: { name: 'inappropriate_fallback', openssl: 'tlsv1 alert inappropriate fallback' },
  90: { name: 'user_canceled', openssl: 'tlsv1 alert user cancelled' },
  100: { name: 'no_renegotiation', openssl: 'tlsv1 alert no renegotiation' },
  109: { name: 'missing_extension', openssl: 'tlsv13 alert missing extension' },
  110: { name: 'unsupported_extension', openssl: 'tlsv1 unsupported extension' },
  111: { name: 'certificate_unobtainable', openssl: 'tlsv1 certificate unobtainable' },
  112: { name: 'unrecognized_name', openssl: 'tlsv1 unrecognized name' },
  113: { name: 'bad_certificate_status_response', openssl: 'tlsv1 bad certificate status response' },
  114: { name: 'bad_certificate_hash_value', openssl: 'tlsv1 bad certificate hash value' },
  115: { name: 'unknown_psk_identity', openssl: 'tlsv1 alert unknown psk identity' },
  116: { name: 'certificate_required', openssl: 'tlsv13 alert certificate required' },
  120: { name: 'no_application_protocol', openssl: 'tlsv1 alert no application protocol' },
};

export function alertName(description: number): string {
  return alerts[description]?.name ?? `alert ${description}`;
}

/** OpenSSL's error-queue line for a received fatal alert: reason code = 1000 + description (SSL_AD_REASON_OFFSET). */
export function opensslAlertError(description: number): string {
  const code = (0x0a000000 + 1000 + description).toString(16).toUpperCase().padStart(8, '0');
  return `error:${code}:SSL routines::${alerts[description]?.openssl ?? `reason(${1000 + description})`}`;
}

/**
 * The alert a TLS library error names, from Node's code (`ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE`, BoringSSL's
 * `ERR_SSL_TLSV1_ALERT_CERTIFICATE_REQUIRED`) or OpenSSL's message ("… SSL alert number 40").
 */
export function alertFromLibraryError(code: string | undefined, message: string): number | undefined {
  const numbered = /alert number (\d{1,3})/i.exec(message);
  if (numbered?.[1] !== undefined) return Number(numbered[1]);
  const named = /ALERT_([A-Z_]+)$/.exec(code ?? '') ?? /TLSV1_([A-Z_]+)$/.exec(code ?? '');
  if (!named?.[1]) return undefined;
  const wanted = named[1].toLowerCase();
  for (const [description, alert] of Object.entries(alerts)) {
    if (alert.name === wanted || alert.name.replace('canceled', 'cancelled') === wanted) return Number(description);
  }
  return undefined;
}

export const recordType = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const;
export const handshakeType = {
  serverHello: 2, certificate: 11, serverKeyExchange: 12, certificateRequest: 13, serverHelloDone: 14,
} as const;

export interface TlsRecord {
  readonly type: number;
  readonly version: number;
  readonly length: number;
  /** The payload when the whole record has arrived; undefined for the incomplete tail. */
  readonly payload?: Buffer;
}

export interface RecordFraming {
  readonly records: readonly TlsRecord[];
  /** Bytes of an incomplete record left at the end (header seen, body cut short, or a partial header). */
  readonly trailingBytes: number;
  /** Set when the bytes stop looking like TLS records (a bad type, version or length) at this offset. */
  readonly malformedAt?: number;
}

const maxRecordLength = 16384 + 2048;
// A server's first flight is a handful of records; thousands of tiny ones are an attack on a parser that runs
// on every chunk. Whole-stream framing, done once, passes no limit.
const maxFlightRecords = 256;

function plausibleHeader(type: number, major: number, length: number): boolean {
  return type >= 20 && type <= 24 && major === 3 && length <= maxRecordLength;
}

/** Splits bytes into TLS records; stops at the first header that is not a TLS record, or after `limit` records. */
export function frameRecords(bytes: Buffer, limit = Number.POSITIVE_INFINITY): RecordFraming {
  const records: TlsRecord[] = [];
  let offset = 0;
  while (offset + 5 <= bytes.length) {
    if (records.length >= limit) return { records, trailingBytes: 0, malformedAt: offset };
    const type = bytes[offset] ?? 0;
    const major = bytes[offset + 1] ?? 0;
    const version = bytes.readUInt16BE(offset + 1);
    const length = bytes.readUInt16BE(offset + 3);
    if (!plausibleHeader(type, major, length)) return { records, trailingBytes: 0, malformedAt: offset };
    if (offset + 5 + length > bytes.length) {
      records.push({ type, version, length });
      return { records, trailingBytes: bytes.length - offset };
    }
    records.push({ type, version, length, payload: bytes.subarray(offset + 5, offset + 5 + length) });
    offset += 5 + length;
  }
  return { records, trailingBytes: bytes.length - offset };
}

/** True when the bytes begin like a TLS record (used to tell TLS from HTTP, SSH or banners). */
export function looksLikeTls(bytes: Buffer): boolean {
  if (bytes.length < 3) return bytes.length > 0 && (bytes[0] ?? 0) >= 20 && (bytes[0] ?? 0) <= 23;
  return plausibleHeader(bytes[0] ?? 0, bytes[1] ?? 0, bytes.length >= 5 ? bytes.readUInt16BE(3) : 0);
}

export interface ServerHello {
  /** The negotiated version: supported_versions when present, else the legacy field (0x0301 = TLS 1.0 …). */
  readonly version: number;
  readonly cipherSuite: number;
  readonly helloRetryRequest: boolean;
}

export interface ServerFlight {
  readonly serverHello?: ServerHello;
  /** DER certificates of a TLS ≤1.2 Certificate message (TLS 1.3 sends them encrypted). */
  readonly certificates: readonly Buffer[];
  /** Total size the Certificate message announced (also when it is too big to collect). */
  readonly certificateMessageLength?: number;
  readonly certificateRequest: boolean;
  /** Common names of the CAs a TLS 1.2 CertificateRequest says it accepts client certificates from. */
  readonly acceptedClientCas: readonly string[];
  readonly serverHelloDone: boolean;
  readonly alert?: { readonly level: number; readonly description: number };
  /** Something in the plaintext flight did not parse. */
  readonly malformed: boolean;
  readonly changeCipherSpec: boolean;
}

// SHA-256("HelloRetryRequest"), the fixed random of a TLS 1.3 HelloRetryRequest (RFC 8446 §4.1.3).
const helloRetryRandom = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

function parseServerHello(body: Buffer): ServerHello | undefined {
  if (body.length < 38) return undefined;
  let version = body.readUInt16BE(0);
  const helloRetryRequest = body.subarray(2, 34).equals(helloRetryRandom);
  const sessionIdLength = body[34] ?? 0;
  let offset = 35 + sessionIdLength;
  if (offset + 3 > body.length) return undefined;
  const cipherSuite = body.readUInt16BE(offset);
  offset += 3;
  if (offset + 2 <= body.length) {
    const end = Math.min(body.length, offset + 2 + body.readUInt16BE(offset));
    offset += 2;
    while (offset + 4 <= end) {
      const type = body.readUInt16BE(offset);
      const length = body.readUInt16BE(offset + 2);
      if (type === 43 && length === 2 && offset + 6 <= end) version = body.readUInt16BE(offset + 4);
      offset += 4 + length;
    }
  }
  return { version, cipherSuite, helloRetryRequest };
}

/** The CN (or the whole name's printable text) of a DER DistinguishedName, without a full ASN.1 parser. */
function commonName(dn: Buffer): string {
  const at = dn.indexOf(Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]));
  if (at >= 0 && at + 7 <= dn.length) {
    const length = dn[at + 6] ?? 0;
    if (length < 0x80) return dn.subarray(at + 7, at + 7 + length).toString('utf8');
  }
  return dn.toString('latin1').replace(/[^\x20-\x7e]+/g, ' ').trim();
}

/** certificate_authorities of a TLS 1.2 CertificateRequest (RFC 5246 §7.4.4). */
function parseAcceptedCas(body: Buffer, limit: number): string[] {
  let offset = 1 + (body[0] ?? 0);
  if (offset + 2 > body.length) return [];
  offset += 2 + body.readUInt16BE(offset);
  if (offset + 2 > body.length) return [];
  const end = Math.min(body.length, offset + 2 + body.readUInt16BE(offset));
  offset += 2;
  const names: string[] = [];
  while (offset + 2 <= end && names.length < limit) {
    const length = body.readUInt16BE(offset);
    if (offset + 2 + length > end) break;
    names.push(commonName(body.subarray(offset + 2, offset + 2 + length)).slice(0, 200));
    offset += 2 + length;
  }
  return names;
}

function parseCertificateList(body: Buffer, limit: number): Buffer[] {
  const certificates: Buffer[] = [];
  let offset = 3;
  while (offset + 3 <= body.length && certificates.length < limit) {
    const length = body.readUIntBE(offset, 3);
    if (offset + 3 + length > body.length) break;
    certificates.push(body.subarray(offset + 3, offset + 3 + length));
    offset += 3 + length;
  }
  return certificates;
}

/**
 * Reads the plaintext start of a server's flight: ServerHello, and for TLS ≤1.2 Certificate, CertificateRequest
 * and ServerHelloDone; the first alert. Stops at ChangeCipherSpec or, for TLS 1.3, after the ServerHello.
 */
export function parseServerFlight(bytes: Buffer, maxCertificates = 16): ServerFlight {
  const framing = frameRecords(bytes, maxFlightRecords);
  const handshakePayloads: Buffer[] = [];
  let alert: ServerFlight['alert'];
  let changeCipherSpec = false;
  let malformed = framing.malformedAt !== undefined;
  for (const record of framing.records) {
    if (!record.payload) break;
    if (record.type === recordType.alert && record.payload.length >= 2) {
      alert ??= { level: record.payload[0] ?? 0, description: record.payload[1] ?? 0 };
      break;
    }
    if (record.type === recordType.changeCipherSpec) { changeCipherSpec = true; break; }
    if (record.type !== recordType.handshake) break;
    handshakePayloads.push(record.payload);
  }
  const handshake = Buffer.concat(handshakePayloads);
  let serverHello: ServerHello | undefined;
  let certificates: Buffer[] = [];
  let certificateMessageLength: number | undefined;
  let certificateRequest = false;
  let acceptedClientCas: string[] = [];
  let serverHelloDone = false;
  let offset = 0;
  while (offset + 4 <= handshake.length) {
    const type = handshake[offset] ?? 0;
    const length = handshake.readUIntBE(offset + 1, 3);
    if (type === handshakeType.certificate) certificateMessageLength = length;
    if (offset + 4 + length > handshake.length) break;
    const body = handshake.subarray(offset + 4, offset + 4 + length);
    if (type === handshakeType.serverHello) {
      serverHello = parseServerHello(body);
      if (!serverHello) malformed = true;
      // TLS 1.3 encrypts everything after the ServerHello.
      if (serverHello && serverHello.version >= 0x0304) break;
    } else if (type === handshakeType.certificate) {
      certificates = parseCertificateList(body, maxCertificates);
    } else if (type === handshakeType.certificateRequest) {
      certificateRequest = true;
      acceptedClientCas = parseAcceptedCas(body, maxCertificates);
    } else if (type === handshakeType.serverHelloDone) {
      serverHelloDone = true;
      break;
    } else if (type !== handshakeType.serverKeyExchange && type !== 22 /* CertificateStatus */) {
      malformed = serverHello === undefined;
    }
    offset += 4 + length;
  }
  if (handshake.length > 0 && !serverHello && (handshake[0] ?? 0) !== handshakeType.serverHello) malformed = true;
  return { serverHello, certificates, certificateMessageLength, certificateRequest, acceptedClientCas, serverHelloDone, alert, malformed, changeCipherSpec };
}

export function versionName(version: number): string {
  switch (version) {
    case 0x0300: return 'SSLv3';
    case 0x0301: return 'TLSv1';
    case 0x0302: return 'TLSv1.1';
    case 0x0303: return 'TLSv1.2';
    case 0x0304: return 'TLSv1.3';
    default: return `0x${version.toString(16).padStart(4, '0')}`;
  }
}
