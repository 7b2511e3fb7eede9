// Certificate analysis with Node's X509Certificate: facts per certificate, path building from the leaf through
// the certificates the server sent to the system roots plus any --ca, and the names against the requested host.
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import * as tls from 'node:tls';
import type { CertificateInfo, ChainReport, ChainTrust } from './report';

const signatureAlgorithms: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

/** Reads a DER length at `offset`; returns [length, header size] or undefined when malformed. */
function derLength(der: Buffer, offset: number): [number, number] | undefined {
  const first = der[offset];
  if (first === undefined) return undefined;
  if (first < 0x80) return [first, 1];
  const count = first & 0x7f;
  if (count === 0 || count > 4 || offset + 1 + count > der.length) return undefined;
  return [der.readUIntBE(offset + 1, count), 1 + count];
}

/** The outer signatureAlgorithm OID of a certificate (Node 20's X509Certificate does not expose it). */
export function signatureAlgorithmOf(der: Buffer): string {
  // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE { OID, … }, … }
  const outer = derLength(der, 1);
  if (der[0] !== 0x30 || !outer) return 'unknown';
  const tbsAt = 1 + outer[1];
  const tbs = derLength(der, tbsAt + 1);
  if (der[tbsAt] !== 0x30 || !tbs) return 'unknown';
  const algAt = tbsAt + 1 + tbs[1] + tbs[0];
  const alg = derLength(der, algAt + 1);
  const oidAt = algAt + 1 + (alg?.[1] ?? 0);
  const oidLength = derLength(der, oidAt + 1);
  if (der[algAt] !== 0x30 || der[oidAt] !== 0x06 || !oidLength) return 'unknown';
  const bytes = der.subarray(oidAt + 1 + oidLength[1], oidAt + 1 + oidLength[1] + oidLength[0]);
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) { parts.push(value); value = 0; }
  }
  const first = parts.shift() ?? 0;
  const oid = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40, ...parts].join('.');
  return signatureAlgorithms[oid] ?? oid;
}

function keyDescription(cert: X509Certificate): string {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails;
  switch (key.asymmetricKeyType) {
    case 'rsa': case 'rsa-pss': return `RSA ${details?.modulusLength ?? '?'}`;
    case 'ec': return `EC ${details?.namedCurve === 'prime256v1' ? 'P-256' : details?.namedCurve === 'secp384r1' ? 'P-384' : details?.namedCurve ?? '?'}`;
    case 'ed25519': return 'Ed25519';
    case 'ed448': return 'Ed448';
    default: return key.asymmetricKeyType ?? 'unknown';
  }
}

function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

function namesOf(cert: X509Certificate): string[] {
  const san = cert.subjectAltName;
  if (san) {
    return san.split(', ').map((entry) => entry.replace(/^(DNS|IP Address):/, '')).filter((n) => !n.includes(':') || isIP(n) !== 0);
  }
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1];
  return cn ? [cn] : [];
}

/** Signed by its own key. Compares names directly: checkIssued also demands keyCertSign, which self-signed leaves lack. */
export function selfIssued(cert: X509Certificate): boolean {
  return cert.subject === cert.issuer && safeVerify(cert, cert);
}

function safeVerify(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return cert.checkIssued(issuer) && safeVerify(cert, issuer);
}

export function describeCertificate(cert: X509Certificate, der: Buffer): CertificateInfo {
  return {
    subject: oneLine(cert.subject), issuer: oneLine(cert.issuer), serialNumber: cert.serialNumber,
    notBefore: new Date(cert.validFrom).toISOString(), notAfter: new Date(cert.validTo).toISOString(),
    names: namesOf(cert), key: keyDescription(cert), signatureAlgorithm: signatureAlgorithmOf(der),
    fingerprintSha256: cert.fingerprint256, isCa: cert.ca, selfSigned: selfIssued(cert),
  };
}

/** Parses PEM text into certificates, skipping blocks that do not parse. */
export function certificatesFromPem(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  const certs: X509Certificate[] = [];
  for (const block of blocks) {
    try {
      certs.push(new X509Certificate(block));
    } catch {
      // An unreadable block in a CA file is reported by the CLI; here it simply cannot anchor a path.
    }
  }
  return certs;
}

let systemRoots: X509Certificate[] | undefined;
function roots(): X509Certificate[] {
  systemRoots ??= tls.rootCertificates.flatMap((pem) => certificatesFromPem(pem));
  return systemRoots;
}

export interface ValidityProblem {
  readonly kind: 'expired' | 'not-yet-valid';
  readonly position: number;
  readonly subject: string;
  readonly date: string;
}

export interface ChainAnalysis {
  readonly report: ChainReport;
  readonly validity: readonly ValidityProblem[];
  /** Subject of the issuer the path could not find (missing intermediate or unknown root). */
  readonly missingIssuer?: string;
  /** The sent chain is not in issuance order (each certificate issued by the next). */
  readonly outOfOrder: boolean;
  readonly sentRoot: boolean;
  readonly leafHasAia: boolean;
}

/**
 * Builds a path leaf → sent intermediates → anchor. `sent` is the chain (DER, leaf first), `asSent` whether in
 * the server's own order;
 * `extraCa` the user's --ca certificates; `libraryVerifyError` Node's verification error, undefined when the
 * library accepted the chain.
 */
export function analyzeChain(sent: readonly Buffer[], asSent: boolean, name: string, extraCa: readonly X509Certificate[], now: Date, libraryVerifyError?: string): ChainAnalysis | undefined {
  const parsed: { cert: X509Certificate; der: Buffer }[] = [];
  for (const der of sent) {
    try {
      parsed.push({ cert: new X509Certificate(der), der });
    } catch {
      // An unparsable certificate cannot take part in the path; it still counts in the byte evidence.
    }
  }
  const leaf = parsed[0]?.cert;
  if (!leaf || !parsed[0]) return undefined;
  let trust: ChainTrust = 'unverified';
  let anchor: string | undefined;
  let missingIssuer: string | undefined;
  const path = [leaf];
  let current = leaf;
  // When the TLS library already verified the chain, trust its verdict (it also sees NODE_EXTRA_CA_CERTS and
  // the OS store) and skip parsing every root; the path is still followed through the sent certificates.
  const verified = libraryVerifyError === undefined;
  const anchors = verified ? [] : [...extraCa, ...roots()];
  const anchorPrints = new Set(anchors.map((a) => a.fingerprint256));
  for (let depth = 0; depth < 10; depth++) {
    if (verified) {
      const next = parsed.find((p) => !path.includes(p.cert) && issuedBy(current, p.cert))?.cert;
      if (!next || selfIssued(current)) { trust = 'trusted'; anchor = oneLine(selfIssued(current) ? current.subject : current.issuer); break; }
      path.push(next);
      current = next;
      continue;
    }
    if (anchorPrints.has(current.fingerprint256)) { trust = 'trusted'; anchor = oneLine(current.subject); break; }
    const trustedIssuer = anchors.find((a) => issuedBy(current, a));
    if (trustedIssuer) { trust = 'trusted'; anchor = oneLine(trustedIssuer.subject); break; }
    if (selfIssued(current)) { trust = path.length === 1 ? 'self-signed' : 'untrusted-root'; break; }
    const next = parsed.find((p) => !path.includes(p.cert) && issuedBy(current, p.cert))?.cert;
    if (!next) {
      missingIssuer = oneLine(current.issuer);
      trust = path.length === 1 ? 'incomplete' : 'untrusted-root';
      break;
    }
    path.push(next);
    current = next;
  }
  const validity: ValidityProblem[] = [];
  path.forEach((cert, position) => {
    if (new Date(cert.validTo).getTime() < now.getTime()) validity.push({ kind: 'expired', position, subject: oneLine(cert.subject), date: new Date(cert.validTo).toISOString() });
    else if (new Date(cert.validFrom).getTime() > now.getTime()) validity.push({ kind: 'not-yet-valid', position, subject: oneLine(cert.subject), date: new Date(cert.validFrom).toISOString() });
  });
  const hostnameMatches = isIP(name) !== 0 ? leaf.checkIP(name) !== undefined : leaf.checkHost(name) !== undefined;
  let outOfOrder = false;
  // Only the server's own order says anything; the library's order is its own reconstruction.
  for (let i = 0; asSent && i + 1 < parsed.length; i++) {
    const a = parsed[i];
    const b = parsed[i + 1];
    if (a && b && !selfIssued(a.cert) && !issuedBy(a.cert, b.cert)) outOfOrder = true;
  }
  return {
    report: {
      certificates: parsed.map((p) => describeCertificate(p.cert, p.der)),
      asSent, trust, anchor, hostnameMatches, libraryVerifyError,
    },
    validity, missingIssuer, outOfOrder,
    sentRoot: asSent && parsed.length > 1 && parsed.slice(1).some((p) => selfIssued(p.cert)),
    leafHasAia: (leaf.infoAccess ?? '').includes('CA Issuers'),
  };
}
