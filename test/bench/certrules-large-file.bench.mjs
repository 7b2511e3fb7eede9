// Lint time of one large generated client file (1 500 TLS client functions, ~21 000 lines, 580 KB): every rule,
// and the certificate/protocol rules alone. Guards against quadratic behaviour in the per-file TLS setup model.
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');
const { lintTree } = require(path.join(root, 'out/src/core/analysis/lint.js'));
const { defaultLintOptions } = require(path.join(root, 'out/src/core/analysis/options.js'));
const { allRules } = require(path.join(root, 'out/src/core/analysis/rules/index.js'));
const { ParsedDocument } = require(path.join(root, 'out/src/core/analysis/parser.js'));

const client = (i) => `
int client_${i}(SSL_CTX *ctx, int fd, const char *host)
{
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, host);
    if (SSL_set1_host(ssl, host) != 1)
        return -1;
    int rc = SSL_connect(ssl);
    if (rc != 1)
        return SSL_get_error(ssl, rc);
    helper_${i}(ssl);
    return 0;
}
`;
const text = `#include <openssl/ssl.h>\n${Array.from({ length: 1500 }, (_, i) => client(i)).join('')}`;
const doc = await ParsedDocument.create(text, 'c');
const ours = allRules.filter((r) => /^[CD]\d+$/.test(r.meta.id));
const time = (rules) => {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    lintTree(doc.tree, text, 'c', defaultLintOptions, rules);
    runs.push(performance.now() - started);
  }
  return Math.min(...runs).toFixed(0);
};
console.log(`${(text.length / 1024).toFixed(0)} KB, ${text.split('\n').length} lines`);
console.log(`all ${allRules.length} rules: ${time(allRules)} ms (best of 3)`);
console.log(`C1–C10, D1–D3 (${ours.length} rules): ${time(ours)} ms (best of 3)`);
doc.dispose();
