import * as assert from 'node:assert/strict';
import { curated, curatedAliases } from '../../../src/core/knowledge/curated';
import { explainName, explainNodeCode, explainPackedCode } from '../../../src/core/knowledge/explainers';
import { explainText } from '../../../src/core/knowledge/explainText';
import { decode1x, decode3x, decodePacked, errorString } from '../../../src/core/knowledge/packedCode';
import { sslErrorResults } from '../../../src/core/knowledge/sslErrors';
import { libraryFor } from '../../../src/core/knowledge/tables';
import { tlsAlerts } from '../../../src/core/knowledge/tlsAlerts';

suite('packed codes', () => {
  test('3.x codes decode with the lib<<23 layout (errors.md §1.3)', () => {
    const eof = decode3x(0x0A000126);
    assert.equal(eof.macro, 'SSL_R_UNEXPECTED_EOF_WHILE_READING');
    assert.equal(errorString(eof), 'error:0A000126:SSL routines::unexpected eof while reading');
    assert.equal(decode3x(0x0308010C).macro, 'ERR_R_UNSUPPORTED');
    assert.equal(decode3x(0x0A0C0103).macro, 'ERR_R_INTERNAL_ERROR');
    assert.equal(decode3x(0x0A0C0103).fatal, true);
    assert.equal(decode3x(0x0480006C).macro, 'PEM_R_NO_START_LINE');
    assert.equal(decode3x(0x0200006E).macro, 'RSA_R_DATA_TOO_LARGE_FOR_KEY_SIZE');
  });

  test('3.x system errors carry the full errno behind ERR_SYSTEM_FLAG', () => {
    assert.equal(decode3x(0x80000068).errno, 104);
    assert.equal(decode3x(0x80002746).errno, 10054);
  });

  test('1.x codes decode with lib<<24|func<<12|reason, including function names', () => {
    const wrongVersion = decode1x(0x1408F10B);
    assert.equal(wrongVersion.macro, 'SSL_R_WRONG_VERSION_NUMBER');
    assert.equal(wrongVersion.funcName, 'ssl3_get_record');
    assert.equal(errorString(wrongVersion), 'error:1408F10B:SSL routines:ssl3_get_record:wrong version number');
    const sys = decode1x(0x02001002);
    assert.equal(sys.errno, 2);
    assert.equal(sys.funcName, 'fopen');
    assert.equal(decode1x(0x140E0044).macro, 'ERR_R_INTERNAL_ERROR');
    assert.equal(decode1x(0x14000041).macro, 'ERR_R_MALLOC_FAILURE');
  });

  test('reason 1000+N is TLS alert N from the peer, even without a string', () => {
    const noAlpn = decode1x(0x14094460);
    assert.equal(noAlpn.alert, 120);
    const handshake = decode3x(0x0A000410);
    assert.equal(handshake.alert, 40);
    assert.equal(handshake.macro, 'SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE');
    const [item] = explainPackedCode(0x14094460, '14094460');
    assert.equal(item?.name, 'SSL_R_TLSV1_ALERT_NO_APPLICATION_PROTOCOL');
    assert.match(item?.summary ?? '', /alert 120/);
    assert.match([item?.details.versionNotes].flat().join(' '), /no string for reason 1120/);
  });

  test('a bare code picks the layout whose reading resolves', () => {
    assert.equal(decodePacked(0x0A000126).readings[0]?.layout, '3.x');
    assert.equal(decodePacked(0x0A000126).ambiguous, false);
    assert.equal(decodePacked(0x1408F10B).readings[0]?.layout, '1.x');
    assert.equal(decodePacked(0x1408F10B).ambiguous, false);
    // 02xxxxxx is SYS in 1.x but RSA in 3.x; here only the 3.x reading names a real reason.
    assert.equal(decodePacked(0x0200006E).readings[0]?.macro, 'RSA_R_DATA_TOO_LARGE_FOR_KEY_SIZE');
    assert.equal(decodePacked(0x0480006C).readings[0]?.macro, 'PEM_R_NO_START_LINE');
  });

  test('an ambiguous bare code gets both readings, and says so', () => {
    const decoded = decodePacked(0x140C0102);
    assert.equal(decoded.ambiguous, true);
    assert.deepEqual(decoded.readings.map((r) => [r.layout, r.macro]), [
      ['1.x', 'SSL_R_UNSUPPORTED_PROTOCOL'],
      ['3.x', 'ERR_R_PASSED_NULL_PARAMETER'],
    ]);
    const items = explainText('140C0102').items;
    assert.deepEqual(items.map((i) => [i.name, i.details.ambiguous, i.details.layout]), [
      ['SSL_R_UNSUPPORTED_PROTOCOL', true, '1.x'],
      ['ERR_R_PASSED_NULL_PARAMETER', true, '3.x'],
    ]);
  });

  test('a reason number reused between versions of one layout gives one reading per version', () => {
    const items = explainText('14082174').items;
    assert.deepEqual(items.map((i) => [i.name, i.details.ambiguous, i.details.versions]), [
      ['SSL_R_SSL_NEGATIVE_LENGTH', true, ['1.1.1']],
      ['SSL_R_DH_KEY_TOO_SMALL', true, ['1.0.2']],
    ]);
  });

  test('an all-decimal 8-digit code is still read as hex first, as OpenSSL prints codes', () => {
    assert.equal(explainText('14094460').items[0]?.name, 'SSL_R_TLSV1_ALERT_NO_APPLICATION_PROTOCOL');
    assert.equal(explainText('02001002').items[0]?.details.errno, 2);
  });

  test('codes nobody defines decode to nothing rather than to a guess', () => {
    assert.equal(decodePacked(0x7F7F7F7F).readings.length, 0);
    assert.deepEqual(explainText('7F7F7F7F').items, []);
  });
});

suite('names', () => {
  const cases: [string, string, string][] = [
    ['SSL_ERROR_SYSCALL', 'ssl-error', 'SSL_ERROR_SYSCALL'],
    ['SSL_R_UNEXPECTED_EOF_WHILE_READING', 'openssl-error', 'SSL_R_UNEXPECTED_EOF_WHILE_READING'],
    ['X509_V_ERR_CERT_HAS_EXPIRED', 'x509-verify', 'X509_V_ERR_CERT_HAS_EXPIRED'],
    ['ECONNRESET', 'errno', 'ECONNRESET'],
    ['WSAECONNRESET', 'errno', 'ECONNRESET'],
    ['ERR_R_UNSUPPORTED', 'openssl-error', 'ERR_R_UNSUPPORTED'],
    ['ERR_LIB_SSL', 'openssl-error', 'ERR_LIB_SSL'],
    ['SSL_AD_HANDSHAKE_FAILURE', 'tls-alert', 'SSL_AD_HANDSHAKE_FAILURE'],
    ['ERR_OSSL_EVP_UNSUPPORTED', 'node-error', 'ERR_OSSL_EVP_UNSUPPORTED'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'node-error', 'ERR_SSL_WRONG_VERSION_NUMBER'],
    ['ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE', 'node-error', 'ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'node-error', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['ERR_OSSL_PEM_NO_START_LINE', 'node-error', 'ERR_OSSL_PEM_NO_START_LINE'],
    ['ERR_OSSL_BAD_DECRYPT', 'node-error', 'ERR_OSSL_BAD_DECRYPT'],
  ];
  for (const [input, kind, name] of cases) {
    test(`${input} → ${kind} ${name}`, () => {
      const item = explainName(input);
      assert.ok(item, `${input} not recognised`);
      assert.equal(item.kind, kind);
      assert.equal(item.name, name);
      assert.ok(item.summary.length > 20);
    });
  }

  test('every curated explanation belongs to a real name and is the one shown for it', () => {
    const names = Object.keys(curated);
    assert.ok(names.length >= 40, `${names.length} curated`);
    for (const name of [...names, ...Object.keys(curatedAliases)]) {
      const item = explainName(name);
      assert.ok(item, `${name} is not a name the tables know`);
      assert.ok(item.curated, `${name} is shown with a generated explanation`);
    }
  });

  test('every TLS alert, SSL_get_error() result and ERR_LIB_* macro is explained', () => {
    for (const alert of tlsAlerts) assert.equal(explainName(alert.macro)?.details.alert, alert.number, alert.macro);
    for (const result of sslErrorResults) assert.equal(explainName(result.name)?.details.value, result.value, result.name);
    const libraries = Array.from({ length: 256 }, (_, n) => libraryFor(n)).filter((l) => l !== undefined);
    assert.ok(libraries.length > 50);
    for (const lib of libraries) assert.equal(explainName(lib.macro)?.details.libraryNumber, lib.number, lib.macro);
  });

  test('a reason macro lists its code per version, with the 1.x function digits left open', () => {
    assert.deepEqual(explainName('SSL_R_WRONG_VERSION_NUMBER')?.details.codes, ['1.0.2: 14xxx10B', '1.1.1: 14xxx10B', '3.0: 0A00010B', '3.5: 0A00010B']);
    assert.deepEqual(explainName('SSL_R_UNEXPECTED_EOF_WHILE_READING')?.details.codes, ['3.0: 0A000126', '3.5: 0A000126']);
  });

  test('Node codes map to the OpenSSL reason whose string they were built from', () => {
    const mapped = (code: string) => explainName(code)?.details.openssl;
    assert.equal(mapped('ERR_OSSL_EVP_UNSUPPORTED'), 'ERR_R_UNSUPPORTED');
    assert.equal(mapped('ERR_OSSL_PEM_NO_START_LINE'), 'PEM_R_NO_START_LINE');
    assert.equal(mapped('ERR_OSSL_BAD_DECRYPT'), 'EVP_R_BAD_DECRYPT');
    assert.equal(mapped('ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE'), 'SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE');
    assert.equal(explainNodeCode('CERT_HAS_EXPIRED')?.details.openssl, 'X509_V_ERR_CERT_HAS_EXPIRED');
    assert.equal(explainName('ERR_OSSL_NOT_A_REAL_REASON'), undefined);
  });

  test('curated explanations give ranked causes with a way to confirm each, and fixes for both sides', () => {
    const item = explainName('SSL_R_WRONG_VERSION_NUMBER');
    assert.ok(item?.curated);
    assert.ok((item?.causes.length ?? 0) >= 3);
    assert.ok(item?.causes.every((c) => c.includes('Confirm:')));
    assert.ok(item?.fixes.some((f) => f.startsWith('Client:')) && item.fixes.some((f) => f.startsWith('Server:')));
  });

  test('the unexpected-EOF explanations say how each version reports it', () => {
    const notes = (item: ReturnType<typeof explainName>) => [item?.details.versionNotes ?? []].flat().join(' ');
    assert.match(notes(explainName('SSL_R_UNEXPECTED_EOF_WHILE_READING')), /SSL_ERROR_SYSCALL with errno 0/);
    assert.match(notes(explainName('SSL_ERROR_SYSCALL')), /0A000126/);
    assert.match(notes(explainName('SSL_ERROR_SYSCALL')), /curl 7\.87\.0 to 8\.14\.0/);
  });

  test('generated explanations for uncurated reasons name the library, versions and reused numbers', () => {
    const item = explainName('SSL_R_OCSP_CALLBACK_FAILURE');
    assert.ok(item && !item.curated);
    assert.match(item.summary, /ocsp callback failure/);
    assert.match([item.details.versionNotes].flat().join(' '), /SSL_R_UNEXPECTED_EOF_WHILE_READING/);
  });

  test('generated explanations add what the macro name says about the usual cause', () => {
    assert.match(explainName('SSL_R_NO_CIPHERS_AVAILABLE')?.causes.join(' ') ?? '', /cipher suites/);
    assert.match(explainName('SSL_R_BAD_KEY_SHARE')?.causes.join(' ') ?? '', /malformed or unexpected/);
    assert.match(explainName('PEM_R_BAD_PASSWORD_READ')?.causes.join(' ') ?? '', /wrong password/);
  });

  test('a bare decimal number is explained with every reading, labelled', () => {
    const items = explainText('24').items;
    const readings = items.map((i) => `${i.name} ${String(i.details.reading)}`);
    assert.ok(readings.includes('X509_V_ERR_INVALID_CA as an X509 verify result (SSL_get_verify_result)'));
    assert.ok(readings.includes('X509_V_ERR_NO_ISSUER_PUBLIC_KEY as an X509 verify result (SSL_get_verify_result)'));
    assert.ok(readings.includes('EMFILE as an errno value'));
    assert.deepEqual(explainText('5').items.map((i) => i.name).slice(0, 1), ['SSL_ERROR_SYSCALL']);
  });
});
