import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/analysis/applyEdits';
import { applicableFixes } from '../../../src/core/analysis/fixAll';
import { LintCache, lintText, lintTree } from '../../../src/core/analysis/lint';
import { defaultLintOptions, parseLintOptions } from '../../../src/core/analysis/options';
import { languageFor, ParsedDocument } from '../../../src/core/analysis/parser';
import { LineIndex } from '../../../src/core/analysis/positions';
import { allRules } from '../../../src/core/analysis/rules';
import { disableFileEdit, disableLineEdit } from '../../../src/core/analysis/suppressions';

const source = `#include <openssl/ssl.h>
int f(SSL *ssl, char *buf, int len)
{
    SSL_connect(ssl);
    int n = SSL_read(ssl, buf, len);
    if (n <= 0)
        return -1;
    return n;
}
`;

const ruleIds = async (text: string, options = defaultLintOptions) => (await lintText(text, 'x.c', options)).findings.map((f) => `${new LineIndex(text).position(f.start).line + 1}:${f.ruleId}`);
const meta = (id: string) => {
  const rule = allRules.find((r) => r.meta.id === id);
  if (!rule) throw new Error(id);
  return rule.meta;
};

suite('lint engine', () => {
  test('finds the problems of a small file', async () => {
    assert.deepEqual(await ruleIds(source), ['4:A1', '5:A0']);
  });

  test('a disable-next-line comment silences only the named rule on the next line', async () => {
    const text = source.replace('    SSL_connect(ssl);', '    // openssl-doctor-disable-next-line A1\n    SSL_connect(ssl);');
    assert.deepEqual(await ruleIds(text), ['6:A0']);
    const byName = source.replace('    SSL_connect(ssl);', '    // openssl-doctor-disable-next-line ssl-get-error-missing\n    SSL_connect(ssl);');
    assert.deepEqual(await ruleIds(byName), ['5:A1', '6:A0']);
  });

  test('a disable-file comment silences the rule everywhere', async () => {
    assert.deepEqual(await ruleIds(`/* openssl-doctor-disable-file A0 */\n${source}`), ['5:A1']);
  });

  test('the disable-line edit appends to an existing comment and keeps indentation and CRLF', async () => {
    const crlf = source.replace(/\n/g, '\r\n');
    const index = new LineIndex(crlf);
    const offset = crlf.indexOf('SSL_read');
    const first = applyEdits(crlf, [disableLineEdit(crlf, index, offset, meta('A0'))]);
    assert.ok(first.includes('    // openssl-doctor-disable-next-line A0\r\n    int n = SSL_read'));
    const second = applyEdits(first, [disableLineEdit(first, new LineIndex(first), first.indexOf('SSL_read'), meta('A1'))]);
    assert.ok(second.includes('    // openssl-doctor-disable-next-line A0, A1\r\n    int n = SSL_read'));
    assert.deepEqual(await ruleIds(second), ['4:A1']);
    const file = applyEdits(crlf, [disableFileEdit(crlf, meta('A1'))]);
    assert.ok(file.startsWith('/* openssl-doctor-disable-file A1 */\r\n'));
  });

  test('severity settings override, and off disables, by id or name', async () => {
    const options = parseLintOptions({ severity: { A0: 'info', 'ssl-io-result-ignored': 'off' } });
    const result = await lintText(source, 'x.c', options);
    assert.deepEqual(result.findings.map((f) => `${f.ruleId}:${f.severity}`), ['A0:info']);
  });

  test('bad configuration is rejected with a clear message', () => {
    assert.throws(() => parseLintOptions({ severity: { A0: 'loud' } }), /severity of A0/);
    assert.throws(() => parseLintOptions({ errorQueueMode: 'sometimes' }), /errorQueueMode/);
    assert.throws(() => parseLintOptions({ ioWrappers: ['not an identifier'] }), /ioWrappers/);
    assert.throws(() => parseLintOptions([]), /JSON object/);
  });

  test('configured wrappers are understood', async () => {
    const text = `int f(struct conn *c, char *b, int n)
{
    int r = conn_tls_read(c->ssl, b, n);
    if (r <= 0)
        return -1;
    return r;
}
`;
    assert.deepEqual(await ruleIds(text), []);
    assert.deepEqual(await ruleIds(text, parseLintOptions({ ioWrappers: ['conn_tls_read'] })), ['3:A0']);
  });

  test('files over the size limit are skipped with a notice', async () => {
    const result = await lintText(source, 'x.c', parseLintOptions({ maxFileSizeKB: 0.1 }));
    assert.deepEqual(result.findings, []);
    assert.match(result.notices.join(), /skipped: \d+ bytes is over the 102-byte limit/);
  });

  test('fix-all applies only safe, non-overlapping fixes', async () => {
    const text = `#include <openssl/ssl.h>
int f(SSL *ssl)
{
    if (SSL_connect(ssl) < 0)
        return -1;
    if (SSL_accept(ssl) <= -1)
        return -1;
    return 0;
}
`;
    const { findings } = await lintText(text, 'x.c');
    const fixed = applyEdits(text, applicableFixes(findings));
    assert.ok(fixed.includes('if (SSL_connect(ssl) != 1)') && fixed.includes('if (SSL_accept(ssl) != 1)'), fixed);
    assert.ok(!(await lintText(fixed, 'x.c')).findings.some((f) => f.ruleId === 'A2'));
  });

  test('the language follows the extension, and a .h that is clearly C++ is parsed as C++', () => {
    assert.equal(languageFor('a.c', ''), 'c');
    assert.equal(languageFor('a.cc', ''), 'cpp');
    assert.equal(languageFor('a.h', 'int f(void);'), 'c');
    assert.equal(languageFor('a.h', 'namespace tls {\nclass Conn {};\n}'), 'cpp');
    assert.equal(languageFor('a.h', '', 'cpp'), 'cpp');
  });

  test('functions with unreadable syntax are skipped with a notice, not guessed at', async () => {
    const text = `#include <openssl/ssl.h>
int f(SSL *ssl, char *b, int n)
{
#if HAVE_X
    if (SSL_read(ssl, b, n) <= 0) {
#else
    if (SSL_read(ssl, b, n) < 0) {
#endif
        return -1;
    }
    return 0;
}
`;
    // Without the #if the same code has an A0 finding; with the unbalanced branches it must have none.
    assert.equal((await lintText(text.replace(/#if HAVE_X\n[^#]*#else\n/, '').replace('#endif\n', ''), 'x.c')).findings.length, 1);
    assert.deepEqual((await lintText(text, 'x.c')).findings, []);
  });

  test('a function with an unsupported construct is skipped with a notice', async () => {
    const text = `#include <openssl/ssl.h>
int f(SSL *ssl, char *b, int n)
{
    int r = SSL_read(ssl, b, n);
    if (r <= 0)
        break;
    return r;
}
`;
    const result = await lintText(text, 'x.c');
    assert.deepEqual(result.findings, []);
    assert.match(result.notices.join(), /not analysed .*: f/);
  });
});

suite('incremental parsing', () => {
  test('a tree updated with edits lints the same as a fresh parse', async () => {
    const document = await ParsedDocument.create(source, 'c');
    try {
      // Type "rc" into a new line, then delete a character, as an editor would report it.
      const at = source.indexOf('    return n;');
      document.update([{ startOffset: at, oldEndOffset: at, newText: '    SSL_write(ssl, buf, 0);\n' }]);
      const del = document.text.indexOf('len)');
      document.update([{ startOffset: del, oldEndOffset: del + 3, newText: 'size' }]);
      const fresh = await ParsedDocument.create(document.text, 'c');
      try {
        assert.equal(document.tree.rootNode.toString(), fresh.tree.rootNode.toString());
        const a = lintTree(document.tree, document.text, 'c').findings.map((f) => `${f.ruleId}@${f.start}`);
        const b = lintTree(fresh.tree, fresh.text, 'c').findings.map((f) => `${f.ruleId}@${f.start}`);
        assert.deepEqual(a, b);
        assert.ok(a.some((f) => f.startsWith('A13')), a.join());
      } finally {
        fresh.dispose();
      }
    } finally {
      document.dispose();
    }
  });

  test('kept findings match a fresh lint after edits, including edits that change what a called function does', async () => {
    const text = `// options are the defaults: strict mode is set per test below
#include <openssl/ssl.h>
#include <openssl/err.h>
static void tls_clear(void) { ERR_clear_error(); }
int pump(SSL *s, char *b, int n)
{
    tls_clear();
    int r = SSL_read(s, b, n);
    if (r <= 0) {
        int e = SSL_get_error(s, r);
        return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? 0 : -1;
    }
    return r;
}
int other(SSL *s)
{
    SSL_connect(s);
    return 0;
}
`;
    const options = parseLintOptions({ errorQueueMode: 'strict' });
    const document = await ParsedDocument.create(text, 'c');
    const cache = new LintCache();
    const ids = (findings: readonly { ruleId: string; start: number }[]) => findings.map((f) => `${f.ruleId}@${f.start}`);
    try {
      assert.deepEqual(ids(lintTree(document.tree, document.text, 'c', options, undefined, cache).findings), ids((await lintText(document.text, 'x.c', options)).findings));
      // The wrapper stops clearing the queue: pump() must now get A6 although its own text did not change.
      const at = document.text.indexOf('ERR_clear_error();');
      document.update([{ startOffset: at, oldEndOffset: at + 'ERR_clear_error();'.length, newText: '' }]);
      const kept = ids(lintTree(document.tree, document.text, 'c', options, undefined, cache).findings);
      assert.deepEqual(kept, ids((await lintText(document.text, 'x.c', options)).findings));
      assert.ok(kept.some((f) => f.startsWith('A6@')), kept.join());
      // An edit above shifts every kept finding.
      document.update([{ startOffset: 0, oldEndOffset: 0, newText: '/* moved */\n' }]);
      assert.deepEqual(ids(lintTree(document.tree, document.text, 'c', options, undefined, cache).findings), ids((await lintText(document.text, 'x.c', options)).findings));
    } finally {
      document.dispose();
    }
  });

  test('offsets count UTF-16 code units, as the editor does', async () => {
    const text = `// héllo 🌍\n${source}`;
    const { findings } = await lintText(text, 'x.c');
    const a1 = findings.find((f) => f.ruleId === 'A1');
    assert.equal(text.slice(a1?.start, a1?.end), 'SSL_connect(ssl)');
  });
});
