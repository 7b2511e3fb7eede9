// Hand-made server answers for the zoo's fake TLS servers: a ClientHello reader and the records a server sends.
// They make version, cipher and SNI scenarios behave the same whatever TLS library the runtime links.

export interface ClientHelloFacts {
  readonly clientVersion: number;
  readonly suites: readonly number[];
  readonly servername?: string;
  readonly supportedVersions?: readonly number[];
}

/**
 * Reads the first ClientHello in `bytes`; undefined until the whole record has arrived. Hellos it cannot read
 * (SSLv2 format, truncated extensions from other scanners) come back as version 0 with no suites.
 */
export function readClientHello(bytes: Buffer): ClientHelloFacts | undefined {
  if (bytes.length < 5) return undefined;
  if (bytes[0] !== 22) return { clientVersion: 0, suites: [] };
  const recordLength = bytes.readUInt16BE(3);
  if (bytes.length < 5 + recordLength) return undefined;
  try {
    return parseHelloBody(bytes.subarray(9, 5 + recordLength));
  } catch {
    return { clientVersion: 0, suites: [] };
  }
}

function parseHelloBody(body: Buffer): ClientHelloFacts {
  const clientVersion = body.readUInt16BE(0);
  let offset = 34;
  offset += 1 + (body[offset] ?? 0);
  const suiteBytes = body.readUInt16BE(offset);
  const suites: number[] = [];
  for (let i = 0; i < suiteBytes; i += 2) suites.push(body.readUInt16BE(offset + 2 + i));
  offset += 2 + suiteBytes;
  offset += 1 + (body[offset] ?? 0);
  let servername: string | undefined;
  let supportedVersions: number[] | undefined;
  const end = offset + 2 + body.readUInt16BE(offset);
  offset += 2;
  while (offset + 4 <= end) {
    const type = body.readUInt16BE(offset);
    const length = body.readUInt16BE(offset + 2);
    const data = body.subarray(offset + 4, offset + 4 + length);
    if (type === 0) servername = data.subarray(5, 5 + data.readUInt16BE(3)).toString('ascii');
    if (type === 43) {
      supportedVersions = [];
      for (let i = 1; i + 1 < data.length; i += 2) supportedVersions.push(data.readUInt16BE(i));
    }
    offset += 4 + length;
  }
  return { clientVersion, suites, servername, supportedVersions };
}

function record(type: number, version: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header[0] = type;
  header.writeUInt16BE(version, 1);
  header.writeUInt16BE(payload.length, 3);
  return Buffer.concat([header, payload]);
}

export function alertRecord(description: number): Buffer {
  return record(21, 0x0303, Buffer.from([2, description]));
}

function handshakeMessage(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
}

/** ServerHello (TLS ≤1.2 shape) followed by ServerHelloDone, as one handshake record. */
export function serverHelloFlight(version: number, suite: number): Buffer {
  const hello = Buffer.alloc(2 + 32 + 1 + 2 + 1 + 2);
  hello.writeUInt16BE(version, 0);
  hello.fill(0x11, 2, 34);
  hello[34] = 0;
  hello.writeUInt16BE(suite, 35);
  hello[37] = 0;
  hello.writeUInt16BE(0, 38);
  return record(22, version, Buffer.concat([handshakeMessage(2, hello), handshakeMessage(14, Buffer.alloc(0))]));
}
