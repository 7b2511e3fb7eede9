import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { errnoByName, errnoByNumber, type ErrnoPlatform } from '../../../src/core/knowledge/errno';
import { decode1x, decode3x, hex8, packCode } from '../../../src/core/knowledge/packedCode';
import {
  allCommonReasons, allFunctions, allReasons, allX509Codes, layoutOf, openSslVersions, versionsOfMask, x509ByNumber,
} from '../../../src/core/knowledge/tables';

suite('knowledge tables', function () {
  // Thousands of codes and an `openssl errstr` process: the limit only guards against a hang.
  this.timeout(60_000);

  test('cover the version families the issue asks for, with plausible sizes', () => {
    assert.deepEqual([...openSslVersions], ['1.0.2', '1.1.1', '3.0', '3.5']);
    for (const version of openSslVersions) {
      const count = allReasons().filter((r) => versionsOfMask(r.mask).includes(version)).length;
      assert.ok(count > 1200, `${version}: only ${count} reasons`);
    }
    assert.ok(allFunctions().filter((f) => versionsOfMask(f.mask).includes('1.1.1')).length > 1700);
    assert.ok(allFunctions().filter((f) => versionsOfMask(f.mask).includes('1.0.2')).length > 1300);
    assert.equal(allFunctions().filter((f) => versionsOfMask(f.mask).some((v) => layoutOf(v) === '3.x')).length, 0);
  });

  for (const version of openSslVersions) {
    test(`every ${version} reason round-trips: macro → code → decode → same macro and string`, () => {
      const layout = layoutOf(version);
      const failures: string[] = [];
      for (const row of allReasons().filter((r) => versionsOfMask(r.mask).includes(version))) {
        const code = packCode(layout, row.lib, row.reason);
        const reading = layout === '3.x' ? decode3x(code, version) : decode1x(code, version);
        const macros = [reading.macro, ...reading.otherMacros];
        if (!macros.includes(row.macro)) failures.push(`${row.macro} → ${hex8(code)} → ${reading.macro ?? 'nothing'}`);
        else if (reading.macro === row.macro && reading.string !== row.string) failures.push(`${row.macro}: "${reading.string ?? ''}" != "${row.string}"`);
      }
      assert.deepEqual(failures, []);
    });

    test(`every ${version} function code decodes to its name`, () => {
      for (const fn of allFunctions().filter((f) => versionsOfMask(f.mask).includes(version))) {
        const reading = decode1x(packCode('1.x', fn.lib, 0, fn.func));
        assert.ok(reading.funcName !== undefined, `${fn.name} (${fn.lib}/${fn.func}) has no name`);
      }
    });

    test(`every ${version} common ERR_R_* reason decodes under any library`, () => {
      const layout = layoutOf(version);
      for (const row of allCommonReasons().filter((r) => versionsOfMask(r.mask).includes(version))) {
        for (const lib of [20, 6, 9]) {
          const code = layout === '3.x' ? packCode('3.x', lib, row.value) : packCode('1.x', lib, row.value);
          const reading = layout === '3.x' ? decode3x(code) : decode1x(code);
          assert.ok([reading.macro, ...reading.otherMacros].includes(row.macro), `${row.macro} in lib ${lib}: ${hex8(code)} → ${reading.macro ?? 'nothing'}`);
        }
      }
    });

    test(`every ${version} X509_V code maps back from its number`, () => {
      for (const row of allX509Codes().filter((r) => versionsOfMask(r.mask).includes(version))) {
        assert.ok(x509ByNumber(row.number, version).some((r) => r.macro === row.macro), `${row.macro} (${row.number})`);
      }
    });
  }

  test('X509 verify numbers that were reused are told apart per version', () => {
    assert.equal(x509ByNumber(24, '1.1.1')[0]?.macro, 'X509_V_ERR_INVALID_CA');
    assert.equal(x509ByNumber(24, '3.0')[0]?.macro, 'X509_V_ERR_NO_ISSUER_PUBLIC_KEY');
    assert.equal(x509ByNumber(79, '3.0')[0]?.macro, 'X509_V_ERR_INVALID_CA');
    assert.equal(x509ByNumber(79, '1.1.1')[0]?.macro, 'X509_V_ERR_EC_KEY_EXPLICIT_PARAMS');
    assert.equal(x509ByNumber(18, '1.1.1')[0]?.string, 'self signed certificate');
    assert.equal(x509ByNumber(18, '3.0')[0]?.string, 'self-signed certificate');
  });

  test('the 3.2+ alert strings are in the 3.5 table and the old ones in 3.0', () => {
    const rows = allReasons().filter((r) => r.macro === 'SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE');
    assert.deepEqual(rows.map((r) => [r.string, versionsOfMask(r.mask)]), [
      ['sslv3 alert handshake failure', ['1.0.2', '1.1.1', '3.0']],
      ['ssl/tls alert handshake failure', ['3.5']],
    ]);
  });

  test('errno names round-trip per platform, and the network errnos differ where they should', () => {
    for (const platform of ['linux', 'macos', 'winsock', 'windowsCrt'] as ErrnoPlatform[]) {
      for (const name of ['ECONNRESET', 'WSAECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED']) {
        const entry = errnoByName(name).find((e) => e.platform === platform);
        if (!entry) continue;
        assert.equal(errnoByNumber(entry.number, platform)?.number, entry.number);
      }
    }
    const resets = Object.fromEntries(errnoByName('ECONNRESET').map((e) => [e.platform, e.number]));
    assert.deepEqual(resets, { linux: 104, macos: 54, windowsCrt: 108 });
    assert.equal(errnoByName('WSAECONNRESET')[0]?.number, 10054);
  });

  test('the 3.x table agrees with the installed `openssl errstr` for every code it knows', function () {
    let version: string;
    try {
      version = execFileSync('openssl', ['version'], { encoding: 'utf8' });
    } catch {
      this.skip();
    }
    if (!version.startsWith('OpenSSL 3.')) this.skip();
    const rows = allReasons().filter((r) => versionsOfMask(r.mask).includes('3.0'));
    const expected = new Map(rows.map((r) => [hex8(packCode('3.x', r.lib, r.reason)), r.string]));
    for (const row of allCommonReasons().filter((r) => versionsOfMask(r.mask).includes('3.0'))) expected.set(hex8(packCode('3.x', 20, row.value)), row.string);
    const codes = [...expected.keys()];
    const mismatches: string[] = [];
    let compared = 0;
    for (let i = 0; i < codes.length; i += 2000) {
      const output = execFileSync('openssl', ['errstr', ...codes.slice(i, i + 2000)], { encoding: 'utf8', maxBuffer: 64 << 20 });
      for (const line of output.split('\n')) {
        const m = /^error:([0-9A-F]{8}):[^:]*:[^:]*:(.*)$/.exec(line);
        if (!m?.[1] || m[2] === undefined) continue;
        // Libraries whose strings this build does not load print reason(N): nothing to compare.
        if (/^reason\(\d+\)$/.test(m[2])) continue;
        compared++;
        if (expected.get(m[1]) !== m[2]) mismatches.push(`${m[1]}: ours "${expected.get(m[1]) ?? ''}", errstr "${m[2]}"`);
      }
    }
    assert.ok(compared > 1500, `only ${compared} codes compared`);
    assert.deepEqual(mismatches, []);
  });
});
