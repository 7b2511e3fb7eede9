import * as assert from 'node:assert/strict';
import { buildClientHello } from '../../../src/core/probe/clientHello';
import { closeBehaviour } from '../../../src/core/probe/handshake';
import { alertFromLibraryError, frameRecords, looksLikeTls, opensslAlertError, parseServerFlight } from '../../../src/core/probe/tlsWire';
import { alertRecord, readClientHello, serverHelloFlight } from '../../zoo/fakeTls';

suite('probe: TLS wire format', () => {
  test('our ClientHello carries SNI and the versions of its variant', () => {
    const hello = readClientHello(buildClientHello({ variant: 'default', servername: 'example.org', alpn: ['h2'] }));
    assert.equal(hello?.servername, 'example.org');
    assert.deepEqual(hello?.supportedVersions, [0x0304, 0x0303]);
    assert.ok(hello?.suites.includes(0x1301));
    const tls10 = readClientHello(buildClientHello({ variant: 'tls10-only', servername: 'example.org' }));
    assert.equal(tls10?.clientVersion, 0x0301);
    assert.equal(tls10?.supportedVersions, undefined);
    const legacy = readClientHello(buildClientHello({ variant: 'legacy-suites' }));
    assert.ok(legacy?.suites.every((s) => s < 0x1301 || s === 0xc011 || s === 0xc012), 'legacy hello offers no modern suite');
  });

  test('an IP address is never sent as SNI (RFC 6066)', () => {
    assert.equal(readClientHello(buildClientHello({ variant: 'default', servername: '192.0.2.1' }))?.servername, undefined);
  });

  test('frames records and reports an incomplete tail and a non-TLS header', () => {
    const flight = serverHelloFlight(0x0303, 0xc02f);
    const partial = frameRecords(flight.subarray(0, flight.length - 3));
    assert.equal(partial.records.length, 1);
    assert.equal(partial.trailingBytes, flight.length - 3);
    const garbage = frameRecords(Buffer.concat([flight, Buffer.from('HTTP/1.1 200 OK')]));
    assert.equal(garbage.malformedAt, flight.length);
    assert.ok(looksLikeTls(flight));
    assert.ok(!looksLikeTls(Buffer.from('SSH-2.0-x')));
  });

  test('parses a TLS 1.2 flight and an alert', () => {
    const flight = parseServerFlight(serverHelloFlight(0x0301, 0xc013));
    assert.deepEqual(flight.serverHello, { version: 0x0301, cipherSuite: 0xc013, helloRetryRequest: false });
    assert.ok(flight.serverHelloDone);
    assert.deepEqual(parseServerFlight(alertRecord(112)).alert, { level: 2, description: 112 });
  });

  test('alert numbers come from Node, BoringSSL and OpenSSL wordings', () => {
    assert.equal(alertFromLibraryError('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'x'), 40);
    assert.equal(alertFromLibraryError('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'x'), 116);
    assert.equal(alertFromLibraryError('ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL', 'x'), 120);
    assert.equal(alertFromLibraryError(undefined, 'error:0A000458:SSL routines::tlsv1 unrecognized name:SSL alert number 112'), 112);
    assert.equal(alertFromLibraryError('ECONNRESET', 'read ECONNRESET'), undefined);
    assert.equal(opensslAlertError(40), 'error:0A000410:SSL routines::sslv3 alert handshake failure');
    assert.equal(opensslAlertError(116), 'error:0A00045C:SSL routines::tlsv13 alert certificate required');
  });

  test('close behaviour is read from the last record before the end of the stream', () => {
    const appData = (length: number): Buffer => Buffer.concat([Buffer.from([23, 3, 3, 0, length]), Buffer.alloc(length)]);
    assert.equal(closeBehaviour(Buffer.concat([appData(40), appData(19)]), 'fin', 'TLSv1.3'), 'close_notify');
    assert.equal(closeBehaviour(appData(40), 'fin', 'TLSv1.3'), 'eof-without-close_notify');
    assert.equal(closeBehaviour(Buffer.concat([appData(40), Buffer.from([21, 3, 3, 0, 26]), Buffer.alloc(26)]), 'fin', 'TLSv1.2'), 'close_notify');
    assert.equal(closeBehaviour(Buffer.concat([appData(40), Buffer.from([23, 3, 3, 0, 64, 1, 2])]), 'fin', 'TLSv1.3'), 'truncated-record');
    assert.equal(closeBehaviour(appData(40), 'reset', 'TLSv1.3'), 'reset');
    assert.equal(closeBehaviour(appData(40), 'open', 'TLSv1.3'), 'kept-open');
  });
});

suite('probe: hostile bytes never throw', () => {
  // A fixed-seed generator: the same inputs on every run.
  let seed = 0x2545f491;
  const next = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  const bytes = (length: number): Buffer => Buffer.from(Array.from({ length }, () => Math.floor(next() * 256)));

  test('record framing and flight parsing accept any input', () => {
    const valid = serverHelloFlight(0x0303, 0xc02f);
    for (let i = 0; i < 3000; i++) {
      // Mutate a valid flight as often as we feed pure noise: parsers break on almost-valid input.
      const input = i % 2 === 0 ? bytes(Math.floor(next() * 300)) : Buffer.from(valid);
      if (i % 2 === 1) for (let k = 0; k < 4; k++) input[Math.floor(next() * input.length)] = Math.floor(next() * 256);
      const cut = input.subarray(0, Math.floor(next() * (input.length + 1)));
      frameRecords(cut);
      parseServerFlight(cut);
      looksLikeTls(cut);
    }
  });
});
