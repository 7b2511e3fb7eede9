import * as assert from 'node:assert/strict';
import { explainText } from '../../../src/core/knowledge/explainText';
import { findingsInLine } from '../../../src/core/knowledge/lineFindings';

/** A deterministic pseudo-random byte string (no wall clock, no Math.random). */
function noise(length: number, seed: number): string {
  let state = seed >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out += String.fromCharCode(state >>> 24);
  }
  return out;
}

suite('bad input', function () {
  // Several megabytes per test on a shared machine: the limit only guards against a hang, it measures nothing.
  this.timeout(60_000);

  test('empty and blank input explain nothing', () => {
    for (const text of ['', ' ', '\n\n\n', '\t', '\u0000']) {
      const result = explainText(text);
      assert.deepEqual(result.items, []);
      assert.equal(result.truncated, false);
    }
  });

  test('a 10 MB paste is cut to the examined prefix and still explains what is in it', () => {
    const line = 'curl: (56) OpenSSL SSL_read: SSL_ERROR_SYSCALL, errno 104\n';
    const result = explainText(line.repeat(Math.ceil(10_000_000 / line.length)));
    assert.equal(result.truncated, true);
    assert.deepEqual(result.items.map((i) => i.name), ['curl 56 (CURLE_RECV_ERROR)', 'SSL_ERROR_SYSCALL', 'ECONNRESET']);
    assert.ok((result.occurrences[0] ?? 0) > 10_000);
  });

  test('a 10 MB single line does not blow up', () => {
    const result = explainText('error:0A000126:'.repeat(700_000));
    assert.equal(result.truncated, true);
  });

  test('binary input finishes with a bounded number of items', () => {
    const result = explainText(noise(2_000_000, 7));
    assert.ok(result.items.length <= 500);
  });

  test('adversarial lines aimed at the regexes', () => {
    const lines = [
      `error:0A000126:${'a'.repeat(100_000)}`,
      `${':'.repeat(20_000)}error:${':'.repeat(20_000)}`,
      `[SSL: ${'A'.repeat(10_000)}] ${'('.repeat(10_000)}`,
      `code: '${'A_'.repeat(10_000)}'`,
      `verify error:num=${'9'.repeat(10_000)}:x`,
      `curl: (${'5'.repeat(10_000)}) x`,
      `SSL_ERROR_${'A'.repeat(50_000)}`,
      `errno ${'1'.repeat(10_000)}`,
      `error:${'0A000126:'.repeat(5_000)}`,
      `(${'1'.repeat(6)}: ${'a'.repeat(10_000)})`,
      'error:0A000126:SSL routines::' + ' error:'.repeat(10_000),
    ];
    for (const line of lines) {
      assert.doesNotThrow(() => findingsInLine(line));
      assert.doesNotThrow(() => explainText(line));
    }
  });

  test('input is never interpreted: markup and control characters are just text', () => {
    const items = explainText('<script>alert(1)</script> error:0A000126:SSL routines::unexpected eof while reading \u001b[31m').items;
    assert.deepEqual(items.map((i) => i.name), ['SSL_R_UNEXPECTED_EOF_WHILE_READING']);
  });

  test('Windows line endings do not leak into the recognised fields', () => {
    const items = explainText('error:0A000126:SSL routines::unexpected eof while reading\r\nverify error:num=20:unable to get local issuer certificate\r\n').items;
    assert.deepEqual(items.map((i) => i.name), ['SSL_R_UNEXPECTED_EOF_WHILE_READING', 'X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);
    assert.equal(items[0]?.details.printedReason, 'unexpected eof while reading');
  });

  test('numbers out of every range are not explained as anything', () => {
    assert.deepEqual(explainText('99999').items, []);
    assert.deepEqual(explainText('0xFFFFFFFFFF').items, []);
  });
});
