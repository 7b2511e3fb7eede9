import * as assert from 'node:assert/strict';
import { lintText } from '../../../src/core/analysis/lint';
import { parseLintOptions } from '../../../src/core/analysis/options';

/** Inputs that are not the code the rules expect: each must lint without a rule failing. */
const hostile: Record<string, string> = {
  'calls without arguments': 'void f(void) { SSL_CTX_set_verify(); SSL_set_verify(); SSL_connect(); SSL_CTX_set_options(); SSL_CTX_set_min_proto_version(); SSL_get_verify_result(); SSL_new(); SSL_set1_host(); X509_verify_cert(); }',
  'a callback that is not a function': 'int cb; void f(SSL_CTX *c) { SSL_CTX_set_verify(c, SSL_VERIFY_PEER, cb); SSL_CTX_set_cert_verify_callback(c, 0, 0); SSL_CTX_set_verify(c, 1, (cb)); }',
  'a recursive callback and self-made contexts': 'static int cb(int ok, X509_STORE_CTX *x) { return cb(ok, x); }\nSSL_CTX *make(void) { SSL_CTX *c = make(); SSL_CTX_set_verify(c, SSL_VERIFY_PEER, cb); return c; }\nvoid g(void) { SSL_CTX *c = make(); SSL *s = SSL_new(c); SSL_connect(s); }',
  'unbalanced conditional compilation': '#if OPENSSL_VERSION_NUMBER >= 0x30000000L\nvoid f(SSL *s) { if (SSL_connect(s) != 1) {\n#else\nvoid f(SSL *s) { if (SSL_connect(s) <= 0) {\n#endif\n return; } SSL_set1_host(s, "h"); }',
  'macros hiding syntax': '#define CHECK(x) if (!(x)) goto err\nvoid f(SSL_CTX *ctx) { CHECK(SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL)); SSL *s = SSL_new(ctx); SSL_connect(s); err: ; }',
  'binary junk': 'SSL_connect(\u0000\u0001\u00ff\ufffd) { SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE' + '\u0000'.repeat(64),
  'deep nesting': `void f(SSL *s) { ${'if (s) { '.repeat(300)}SSL_connect(s); SSL_set1_host(s, "x");${' }'.repeat(300)} }`,
  'directives under long runs of comments': Array.from({ length: 200 }, (_, i) => `${'/* a */ // b\n'.repeat(100)}// openssl-doctor: insecure-by-design reason ${i}\nvoid f${i}(SSL_CTX *c) { SSL_CTX_set_verify(c, SSL_VERIFY_NONE, NULL); SSL *s = SSL_new(c); SSL_connect(s); }\n`).join(''),
  'a C++ class with lambdas': 'struct C { SSL_CTX *ctx; void go(int fd) { SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, [](int, X509_STORE_CTX *) -> int { return [](){ return 1; }(); }); SSL *s = SSL_new(ctx); SSL_set_fd(s, fd); SSL_connect(s); } };',
};

suite('certificate and protocol rules on hostile input', () => {
  for (const [name, text] of Object.entries(hostile)) {
    for (const language of ['c', 'cpp'] as const) {
      test(`${name} (${language}): no rule fails`, async () => {
        const { notices } = await lintText(text, `input.${language}`, parseLintOptions({ privateCa: true, allowVerifyNone: ['f'] }));
        assert.deepEqual(notices.filter((n) => n.includes('failed')), []);
      });
    }
  }
});
