import { isDeliberate } from '../deliberate';
import type { Rule } from '../rule';
import { exprKey } from '../syntax';
import { blockStatement, defaultPathsSnippet, failureJump, insertAfter } from '../tlsFixes';
import { isLocalName, TlsSetup, trustStoreCalls, verifyModeOf } from '../tlsSetup';

export const tlsTrustStoreMissing: Rule = {
  meta: {
    id: 'C9',
    name: 'tls-trust-store-missing',
    severity: 'info',
    summary: 'A client verifies the peer but never configures trust anchors',
    fixable: true,
    readsTlsSetup: true,
    docs: {
      what: 'A client context created in this file and set to SSL_VERIFY_PEER, in a file that never calls SSL_CTX_set_default_verify_paths, SSL_CTX_load_verify_locations/_file/_dir/_store, SSL_CTX_set_cert_store, SSL_CTX_set1_verify_cert_store, X509_STORE_add_cert or SSL_CTX_set_cert_verify_callback.',
      why: 'A context starts with an empty trust store: every verification then fails with "unable to get local issuer certificate", which is how many programs end up switching verification off.',
      bad: 'SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);  /* no trust anchors: every verification fails */',
      good: 'SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);\nif (!SSL_CTX_set_default_verify_paths(ctx))\n    goto err;',
      fix: 'Inserts SSL_CTX_set_default_verify_paths(ctx) after the SSL_CTX_set_verify call, checked with the function\'s error path when it has one.',
      references: ['SSL_CTX_load_verify_locations(3)', 'ossl-guide-tls-client-block(7)'],
    },
  },
  check(file, report) {
    const setup = TlsSetup.of(file);
    if (setup.callsAny(...trustStoreCalls)) return;
    for (const c of setup.analysedCalls('SSL_CTX_set_verify')) {
      const target = c.args[0];
      if (!target || verifyModeOf(c.args[1]) !== 'peer' || setup.roleOfCtx(exprKey(target), c.model) !== 'client') continue;
      // A context made elsewhere (a parameter) may get its trust store there.
      const key = exprKey(target);
      if (setup.creationsOf(key, isLocalName(c.model, key) ? c.model : undefined).length === 0) continue;
      if (isDeliberate(file, 'private-ca', c.call)) continue;
      const statement = blockStatement(file.text, c.call);
      const edit = statement ? insertAfter(file.text, statement, defaultPathsSnippet(target.text, failureJump(c.model, statement, statement.endIndex))) : undefined;
      report({
        start: c.call.startIndex, end: c.call.endIndex,
        message: 'This client verifies the server but the file never gives the context trust anchors: every verification will fail. Call SSL_CTX_set_default_verify_paths() (or load your CA with SSL_CTX_load_verify_locations()).',
        fixes: edit ? [{ title: 'Use the system trust store: SSL_CTX_set_default_verify_paths()', edits: [edit], safe: true }] : [],
      });
    }
  },
};
