import type { SyntaxNode as Node } from '../syntaxTree';
import { isDeliberate } from '../deliberate';
import type { Fix, Report, Rule } from '../rule';
import { exprKey } from '../syntax';
import { callbackDefinition, TlsSetup, verifyModeOf } from '../tlsSetup';
import { callbackVerdict, callsNamed } from '../verifyCallbacks';

export const tlsVerifyCallbackAcceptsAll: Rule = {
  meta: {
    id: 'C2',
    name: 'tls-verify-callback-accepts-all',
    severity: 'error',
    summary: 'A certificate verify callback that accepts every certificate',
    fixable: true,
    readsTlsSetup: true,
    docs: {
      what: 'The callback passed to SSL_CTX_set_verify/SSL_set_verify (a function of the same file or a C++ lambda) returns a non-zero constant on every path, or never looks at its first parameter (preverify_ok) nor at X509_STORE_CTX_get_error; or a SSL_CTX_set_cert_verify_callback callback returns 1 without calling X509_verify_cert. Server contexts are not reported (accepting any client certificate and checking it later is a common design).',
      why: 'The callback\'s return value decides whether a failed check aborts the handshake: "If verify_callback always returns 1, the TLS/SSL handshake will not be terminated with respect to verification failures". SSL_VERIFY_PEER with such a callback verifies nothing.',
      bad: 'static int cb(int ok, X509_STORE_CTX *x) { (void)ok; (void)x; return 1; }\nSSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, cb);',
      good: 'static int cb(int ok, X509_STORE_CTX *x)\n{\n    if (!ok)\n        log_verify_error(x);\n    return ok;\n}',
      fix: 'Returns the first parameter (preverify_ok) instead of the constant, so OpenSSL\'s verdict stands. For deliberate cases see insecure-by-design in the README.',
      references: ['SSL_CTX_set_verify(3)', 'SSL_CTX_set_cert_verify_callback(3)'],
    },
  },
  check(file, report) {
    const setup = TlsSetup.of(file);
    const reportCallback = (call: Node, arg: Node, definition: Node, message: string, fixes: Fix[]) => {
      if (isDeliberate(file, 'insecure-by-design', call, definition)) return;
      const related: Report['related'] = [{ start: definition.startIndex, end: Math.min(definition.endIndex, (definition.childForFieldName('body')?.startIndex ?? definition.endIndex)), message: 'the callback' }];
      report({ start: arg.startIndex, end: arg.endIndex, message, related, fixes });
    };
    for (const c of setup.analysedCalls('SSL_CTX_set_verify', 'SSL_set_verify')) {
      const [target, mode, callback] = c.args;
      const definition = callbackDefinition(setup, callback);
      if (!target || !callback || !definition || verifyModeOf(mode) === 'none') continue;
      const role = c.name === 'SSL_CTX_set_verify' ? setup.roleOfCtx(exprKey(target), c.model) : setup.roleOfSsl(c.model, target);
      if (role === 'server') continue;
      const { values, alwaysAccepts, ignoresVerdict, param } = callbackVerdict(definition);
      if (!alwaysAccepts && !ignoresVerdict) continue;
      const fixes: Fix[] = alwaysAccepts && param
        ? [{ title: `Return ${param.text} (OpenSSL's verdict) instead of accepting every certificate`, edits: values.filter((v): v is Node => v !== undefined).map((v) => ({ start: v.startIndex, end: v.endIndex, newText: param.text })), safe: false }]
        : [];
      reportCallback(c.call, callback, definition, alwaysAccepts
        ? 'This verify callback accepts every certificate (it always returns non-zero), so a failed verification never stops the handshake. Return preverify_ok, possibly after logging.'
        : 'This verify callback ignores OpenSSL\'s verdict (preverify_ok and X509_STORE_CTX_get_error), so its result does not depend on whether the certificate verified. Return preverify_ok unless there is a checked reason not to.', fixes);
    }
    for (const c of setup.analysedCalls('SSL_CTX_set_cert_verify_callback')) {
      const callback = c.args[1];
      const definition = callbackDefinition(setup, callback);
      if (!callback || !definition || callsNamed(definition, 'X509_verify_cert') || !callbackVerdict(definition).alwaysAccepts) continue;
      reportCallback(c.call, callback, definition, 'This certificate verification callback replaces OpenSSL\'s chain verification and accepts everything: it returns 1 without calling X509_verify_cert().', []);
    }
  },
};
