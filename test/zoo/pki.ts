// A small PKI generated at test time: P-256 keys and X.509 v3 certificates DER-encoded here and signed with
// node:crypto, so the zoo needs no openssl binary and runs the same in plain Node and in the extension host.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const sequence = (...content: Buffer[]): Buffer => tlv(0x30, ...content);

function oid(text: string): Buffer {
  const [a = 0, b = 0, ...rest] = text.split('.').map(Number);
  const bytes = [a * 40 + b];
  for (const part of rest) {
    const chunk: number[] = [];
    let v = part;
    do { chunk.unshift((v & 0x7f) | (chunk.length > 0 ? 0x80 : 0)); v = Math.floor(v / 128); } while (v > 0);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function integer(value: Buffer): Buffer {
  return tlv(0x02, (value[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value);
}

function name(commonName: string): Buffer {
  return sequence(
    tlv(0x31, sequence(oid('2.5.4.10'), tlv(0x0c, Buffer.from('OpenSSL Doctor Zoo')))),
    tlv(0x31, sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName)))),
  );
}

function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
}

export interface Identity {
  readonly name: string;
  readonly key: KeyObject;
  readonly publicKey: KeyObject;
  readonly der: Buffer;
  readonly pem: string;
  readonly keyPem: string;
}

export interface IssueOptions {
  readonly name: string;
  /** Issuer; omitted for a self-signed certificate. */
  readonly issuer?: Identity;
  readonly ca?: boolean;
  readonly names?: readonly string[];
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Bytes of an opaque private extension, to build oversized chains. */
  readonly padding?: number;
}

const day = 86_400_000;

function toPem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

/** A positive 8-byte serial without a leading zero byte (DER forbids the padding). */
function serialNumber(): Buffer {
  const bytes = randomBytes(8);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes;
}

export function issue(options: IssueOptions): Identity {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const keyId = createHash('sha1').update(spki).digest();
  const issuerKeyId = options.issuer ? createHash('sha1').update(options.issuer.publicKey.export({ type: 'spki', format: 'der' })).digest() : keyId;
  const extensions: Buffer[] = [
    extension('2.5.29.19', true, options.ca ? sequence(tlv(0x01, Buffer.from([0xff]))) : sequence()),
    extension('2.5.29.15', true, options.ca ? tlv(0x03, Buffer.from([1, 0x06])) : tlv(0x03, Buffer.from([7, 0x80]))),
    extension('2.5.29.14', false, tlv(0x04, keyId)),
    extension('2.5.29.35', false, sequence(tlv(0x80, issuerKeyId))),
  ];
  if (options.names && options.names.length > 0) {
    const general = options.names.map((n) => (isIP(n) === 4 ? tlv(0x87, Buffer.from(n.split('.').map(Number))) : tlv(0x82, Buffer.from(n))));
    extensions.push(extension('2.5.29.17', false, sequence(...general)));
  }
  if (options.padding) extensions.push(extension('1.3.6.1.4.1.55555.1', false, tlv(0x04, Buffer.alloc(options.padding, 0x5a))));
  const signatureAlgorithm = sequence(oid('1.2.840.10045.4.3.2'));
  const now = Date.now();
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serialNumber()),
    signatureAlgorithm,
    name(options.issuer?.name ?? options.name),
    sequence(time(options.notBefore ?? new Date(now - day)), time(options.notAfter ?? new Date(now + 365 * day))),
    name(options.name),
    spki,
    tlv(0xa3, sequence(...extensions)),
  );
  const signature = sign('sha256', tbs, options.issuer?.key ?? privateKey);
  const der = sequence(tbs, signatureAlgorithm, tlv(0x03, Buffer.from([0]), signature));
  return { name: options.name, key: privateKey, publicKey, der, pem: toPem(der), keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** Every certificate the zoo serves, made once per test run. */
export interface ZooPki {
  readonly root: Identity;
  readonly intermediate: Identity;
  readonly good: Identity;
  readonly expiringSoon: Identity;
  readonly expired: Identity;
  readonly notYetValid: Identity;
  readonly wrongHost: Identity;
  readonly selfSigned: Identity;
  readonly strangerIntermediate: Identity;
  readonly strangerLeaf: Identity;
  readonly interceptionRoot: Identity;
  readonly intercepted: Identity;
  readonly clientCa: Identity;
  readonly padding: readonly Identity[];
}

export const zooName = 'localhost';
const zooNames = [zooName, '127.0.0.1'];

export function createZooPki(): ZooPki {
  const root = issue({ name: 'Zoo Root CA', ca: true, notAfter: new Date(Date.now() + 3650 * day) });
  const intermediate = issue({ name: 'Zoo Intermediate CA', ca: true, issuer: root });
  const leaf = (options: Omit<IssueOptions, 'issuer'>): Identity => issue({ issuer: intermediate, names: zooNames, ...options });
  const stranger = issue({ name: 'Stranger Root CA', ca: true });
  const strangerIntermediate = issue({ name: 'Stranger Intermediate CA', ca: true, issuer: stranger });
  const interceptionRoot = issue({ name: 'Corporate TLS Inspection CA', ca: true });
  return {
    root, intermediate,
    good: leaf({ name: 'zoo good' }),
    expiringSoon: leaf({ name: 'zoo expiring soon', notAfter: new Date(Date.now() + 10 * day) }),
    expired: leaf({ name: 'zoo expired', notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') }),
    notYetValid: leaf({ name: 'zoo not yet valid', notBefore: new Date('2040-01-01T00:00:00Z'), notAfter: new Date('2041-01-01T00:00:00Z') }),
    wrongHost: leaf({ name: 'wrong.example', names: ['wrong.example', '*.wrong.example'] }),
    selfSigned: issue({ name: 'zoo self-signed', names: zooNames }),
    strangerIntermediate,
    strangerLeaf: issue({ name: 'zoo stranger leaf', issuer: strangerIntermediate, names: zooNames }),
    interceptionRoot,
    intercepted: issue({ name: zooName, issuer: interceptionRoot, names: zooNames }),
    clientCa: issue({ name: 'Zoo Client CA', ca: true }),
    padding: [issue({ name: 'padding one', ca: true, padding: 110_000 }), issue({ name: 'padding two', ca: true, padding: 110_000 })],
  };
}
