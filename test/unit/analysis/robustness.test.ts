import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { lintText } from '../../../src/core/analysis/lint';
import { defaultLintOptions } from '../../../src/core/analysis/options';
import { listFixtures } from './fixtureHarness';

/** A small deterministic PRNG (mulberry32) so every run mutates the same way and a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tokens = ['{', '}', '(', ')', ';', 'if (', 'else', 'while (1)', 'for (;;)', 'do', 'goto out;', 'out:', 'break;', 'continue;',
  'return', 'switch (e) {', 'case SSL_ERROR_WANT_READ:', 'default:', '#if X\n', '#else\n', '#endif\n', 'SSL_read(s, b, n)',
  'SSL_get_error(s, n)', 'ERR_get_error()', 'errno', '= 0', '<= 0', '!', '&&', '||', '?', ':', 'try {', 'catch (...) {', 'throw 1;',
  '"', "'", '/*', '*/', '//', '\\', 'template <class T>', '[&](){', '\u{1F30D}', '\0', '\r\n'];

function mutate(text: string, next: () => number): string {
  const pick = (n: number) => Math.floor(next() * n);
  let result = text;
  const steps = 1 + pick(4);
  for (let i = 0; i < steps; i++) {
    const at = pick(result.length + 1);
    switch (pick(4)) {
      case 0: result = result.slice(0, at) + result.slice(at + pick(40)); break;
      case 1: result = result.slice(0, at) + (tokens[pick(tokens.length)] ?? '') + result.slice(at); break;
      case 2: { const len = pick(80); result = result.slice(0, at) + result.slice(at, at + len) + result.slice(at); break; }
      default: { const lines = result.split('\n'); const a = pick(lines.length); const b = pick(lines.length); [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? '']; result = lines.join('\n'); }
    }
  }
  return result;
}

function assertClean(notices: readonly string[], what: string): void {
  const failures = notices.filter((n) => n.startsWith('rule '));
  assert.deepEqual(failures, [], `${what}: a rule threw`);
}

suite('robustness', function () {
  this.timeout(600_000);

  test('2,000 random mutations of the fixtures lint without an exception', async () => {
    const fixtures = listFixtures().map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
    const next = random(20261125);
    for (let i = 0; i < 2000; i++) {
      const fixture = fixtures[i % fixtures.length];
      if (!fixture) continue;
      const text = mutate(fixture.text, next);
      const result = await lintText(text, fixture.file);
      assertClean(result.notices, `mutation ${i} of ${fixture.file}`);
    }
  });

  test('random bytes lint without an exception', async () => {
    const next = random(42);
    for (let i = 0; i < 200; i++) {
      const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(next() * 4000) }, () => Math.floor(next() * 256)));
      // Half of them get OpenSSL names sprinkled in, so the engine does not stop at the cheap pre-check.
      const text = bytes.toString('utf8') + (i % 2 === 0 ? '\nint f(SSL *s){int n=SSL_read(s,0,1);if(n<=0)return -1;}' : '');
      const result = await lintText(text, i % 3 === 0 ? 'x.cpp' : 'x.c');
      assertClean(result.notices, `random buffer ${i}`);
    }
  });

  test('a 5 MB file is skipped with a clear notice; half a megabyte of dense OpenSSL code is linted', async () => {
    const unit = fs.readFileSync(listFixtures()[0] ?? '', 'utf8');
    const huge = unit.repeat(Math.ceil((5 * 1024 * 1024) / unit.length));
    const skipped = await lintText(huge, 'huge.c');
    assert.deepEqual(skipped.findings, []);
    assert.match(skipped.notices.join(), /skipped: \d+ bytes is over the 2097152-byte limit/);
    const big = unit.repeat(Math.floor(512 * 1024 / unit.length));
    assert.ok(big.length < defaultLintOptions.maxFileBytes);
    const linted = await lintText(big, 'big.c');
    assertClean(linted.notices, 'big file');
    assert.ok(linted.findings.length > 100, `expected the repeated findings, got ${linted.findings.length}`);
  });

  test('deeply nested code does not overflow the stack', async () => {
    const depth = 3000;
    const text = `int f(SSL *s, char *b, int n) {\n${'if (n) {\n'.repeat(depth)}int r = SSL_read(s, b, n); if (r <= 0) return -1;\n${'}\n'.repeat(depth)}return 0; }\n`;
    const result = await lintText(text, 'deep.c');
    assertClean(result.notices, 'deep nesting');
  });
});
