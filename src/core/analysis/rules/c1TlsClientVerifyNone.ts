import type { SyntaxNode as Node } from '../syntaxTree';
import { isDeliberate } from '../deliberate';
import type { FileContext } from '../fileContext';
import type { Fix, Rule, TextEdit } from '../rule';
import { calleeName, exprKey, openSslCallPattern } from '../syntax';
import { blockStatement, defaultPathsSnippet, failureJump, insertAfter, nullCheckAfter } from '../tlsFixes';
import { TlsSetup, trustStoreCalls, verifyModeOf, verifySetters, type SetupCall } from '../tlsSetup';

/** Whether the SSL_CTX_new call's context stays in this function: a local that is not returned or handed to code we cannot see. */
function staysLocal(file: FileContext, c: SetupCall, ctx: string): boolean {
  if (!/^[A-Za-z_]\w*$/.test(ctx)) return false;
  for (const other of c.model.calls()) {
    const name = other.name;
    if (openSslCallPattern.test(name) || file.summary(name)) continue;
    if (other.node.childForFieldName('arguments')?.namedChildren.some((a) => a !== null && exprKey(a) === ctx)) return false;
  }
  return !c.model.body.descendantsOfType('return_statement').some((r) => r !== null && new RegExp(`\\b${ctx}\\b`).test(r.text));
}

function trustEdit(setup: TlsSetup, c: SetupCall, ctx: string, after: Node): TextEdit | undefined {
  if (setup.callsAny(...trustStoreCalls)) return undefined;
  return insertAfter(setup.file.text, after, defaultPathsSnippet(ctx, failureJump(c.model, after)));
}

export const tlsClientVerifyNone: Rule = {
  meta: {
    id: 'C1',
    name: 'tls-client-verify-none',
    severity: 'error',
    summary: 'A TLS client that does not verify the server certificate',
    fixable: true,
    readsTlsSetup: true,
    docs: {
      what: 'A client context or connection (TLS_client_method, SSL_connect, SSL_set_connect_state, BIO_new_ssl_connect) set to SSL_VERIFY_NONE with SSL_CTX_set_verify/SSL_set_verify, or a client whose whole setup is visible and never asks for verification, while the file never checks SSL_get_verify_result. Servers are not reported: for them SSL_VERIFY_NONE only means "no client certificate".',
      why: 'OpenSSL verifies nothing unless asked. In client mode with SSL_VERIFY_NONE the chain is still checked but the handshake continues whatever the result, so any machine in the path can impersonate the server.',
      bad: 'ctx = SSL_CTX_new(TLS_client_method());\nSSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);',
      good: 'ctx = SSL_CTX_new(TLS_client_method());\nSSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);\nif (!SSL_CTX_set_default_verify_paths(ctx))\n    goto err;',
      fix: 'Replaces SSL_VERIFY_NONE with SSL_VERIFY_PEER, or inserts SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL) after the context is created; adds SSL_CTX_set_default_verify_paths when the file configures no trust store. A client that must skip verification on purpose (a test tool) says so with `// openssl-doctor: insecure-by-design <reason>` in or above the function, or lists the function in openssl-doctor.lint.allowVerifyNone.',
      references: ['SSL_CTX_set_verify(3)', 'SSL_CTX_new(3) NOTES', 'ossl-guide-tls-client-block(7)'],
    },
  },
  check(file, report) {
    const setup = TlsSetup.of(file);
    // Code that reads SSL_get_verify_result made verification non-fatal knowingly; C3 judges that check.
    if (setup.callsAny('SSL_get_verify_result')) return;
    for (const c of setup.analysedCalls(...verifySetters)) {
      const target = c.args[0];
      const mode = c.args[1];
      if (!target || !mode || verifyModeOf(mode) !== 'none') continue;
      const onCtx = c.name === 'SSL_CTX_set_verify';
      const role = onCtx ? setup.roleOfCtx(exprKey(target), c.model) : setup.roleOfSsl(c.model, target);
      if (role !== 'client' || isDeliberate(file, 'insecure-by-design', c.call)) continue;
      const edits: TextEdit[] = [{ start: mode.startIndex, end: mode.endIndex, newText: 'SSL_VERIFY_PEER' }];
      const statement = blockStatement(file.text, c.call);
      const ctx = onCtx ? exprKey(target) : setup.ctxKeyOf(c.model, target);
      const trust = statement && ctx !== undefined ? trustEdit(setup, c, ctx, statement) : undefined;
      if (trust) edits.push(trust);
      const fix: Fix = { title: `Verify the server: use SSL_VERIFY_PEER${trust ? ' and the default trust store' : ''}`, edits, safe: false };
      report({
        start: mode.startIndex, end: mode.endIndex,
        message: `This client ${onCtx ? 'context' : 'connection'} does not verify the server: with SSL_VERIFY_NONE the handshake succeeds whatever certificate is presented, and SSL_get_verify_result() is never checked. Use SSL_VERIFY_PEER.`,
        related: [{ start: c.call.startIndex, end: c.call.endIndex, message: `${calleeName(c.call) ?? c.name}() sets the verify mode` }],
        fixes: [fix],
      });
    }
    // (b) A client whose whole setup is in view and never asks for verification.
    if (setup.callsAny(...verifySetters, 'SSL_CTX_set_cert_verify_callback')) return;
    for (const c of setup.analysedClientCreations()) {
      const ctx = c.target;
      const statement = blockStatement(file.text, c.call);
      if (!ctx || !statement || !staysLocal(file, c, ctx) || isDeliberate(file, 'insecure-by-design', c.call)) continue;
      const handshake = setup.clientHandshakesIn(c.model).find((h) => (h.ssl === undefined || setup.ctxKeyOf(h.model, h.ssl) === ctx));
      if (!handshake) continue;
      const after = nullCheckAfter(statement, ctx) ?? statement;
      const insert = insertAfter(file.text, after, `SSL_CTX_set_verify(${ctx}, SSL_VERIFY_PEER, NULL);`);
      const trust = trustEdit(setup, c, ctx, after);
      const edits = insert ? [trust ? { ...insert, newText: insert.newText + trust.newText } : insert] : [];
      report({
        start: c.call.startIndex, end: c.call.endIndex,
        message: `This client context never asks for certificate verification (OpenSSL's default is SSL_VERIFY_NONE), so ${calleeName(handshake.call) ?? 'the handshake'}() accepts any server. Call SSL_CTX_set_verify(${ctx}, SSL_VERIFY_PEER, NULL).`,
        related: [{ start: handshake.call.startIndex, end: handshake.call.endIndex, message: 'the handshake that does not verify the server' }],
        fixes: edits.length > 0 ? [{ title: `Verify the server: add SSL_CTX_set_verify(${ctx}, SSL_VERIFY_PEER, NULL)${trust ? ' and the default trust store' : ''}`, edits, safe: false }] : [],
      });
    }
  },
};
