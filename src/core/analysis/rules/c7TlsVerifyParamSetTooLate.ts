import type { SyntaxNode as Node } from '../syntaxTree';
import type { FunctionModel } from '../functionModel';
import type { Fix, Rule } from '../rule';
import { callArgs, calleeName, exprKey, lineStartOf, stripExpr } from '../syntax';
import { blockStatement, definedAt, insertBefore } from '../tlsFixes';
import { TlsSetup, type SetupCall } from '../tlsSetup';

const settings = new Set(['SSL_set1_host', 'SSL_add1_host', 'SSL_set1_dnsname', 'SSL_set1_ipaddr', 'SSL_set_tlsext_host_name', 'SSL_set_verify', 'X509_VERIFY_PARAM_set1_host']);
const handshakes = new Set(['SSL_connect', 'SSL_do_handshake', 'SSL_accept', 'SSL_read', 'SSL_read_ex', 'SSL_write', 'SSL_write_ex']);

/** The SSL a setting applies to: its first argument, or `s` in `X509_VERIFY_PARAM_set1_host(SSL_get0_param(s), …)`. */
function settingTarget(c: SetupCall): Node | undefined {
  const first = c.args[0] ? stripExpr(c.args[0]) : undefined;
  if (c.name !== 'X509_VERIFY_PARAM_set1_host') return first;
  return first?.type === 'call_expression' && calleeName(first) === 'SSL_get0_param' ? callArgs(first)[0] : undefined;
}

/** Whether every definition of the SSL reaching `a` also reaches `b` (the same object, not a new SSL_new). */
function sameObject(model: FunctionModel, a: Node, b: Node): boolean {
  const defsA = model.reachingDefs(a);
  const defsB = model.reachingDefs(b);
  return defsA.length === defsB.length && defsA.every((d) => defsB.includes(d));
}

export const tlsVerifyParamSetTooLate: Rule = {
  meta: {
    id: 'C7',
    name: 'tls-verify-param-set-too-late',
    severity: 'warning',
    summary: 'Host name, SNI or verify mode set after the handshake, where it has no effect',
    fixable: true,
    readsTlsSetup: true,
    docs: {
      what: 'SSL_set1_host, SSL_add1_host, SSL_set_tlsext_host_name, X509_VERIFY_PARAM_set1_host(SSL_get0_param(s), …) or SSL_set_verify called on an SSL after a handshake call (or the first SSL_read/SSL_write) on it, on every path. SSL_set_verify followed by SSL_verify_client_post_handshake or SSL_renegotiate is a deliberate post-handshake request and is not reported.',
      why: 'The host name and SNI are used during the handshake: "All of the above steps must happen before we attempt to perform the handshake otherwise they will have no effect". Set afterwards, the connection was never checked against them.',
      bad: 'SSL_connect(ssl);\nSSL_set1_host(ssl, host);',
      good: 'SSL_set1_host(ssl, host);\nSSL_connect(ssl);',
      fix: 'Moves the statement above the handshake when both are in the same block and nothing it uses is defined in between.',
      references: ['ossl-guide-tls-client-block(7)', 'SSL_set1_host(3)', 'SSL_CTX_set_verify(3)'],
    },
  },
  check(file, report) {
    const setup = TlsSetup.of(file);
    for (const c of setup.analysedCalls(...settings)) {
      const target = settingTarget(c);
      const site = c.model.cfgOf(c.call);
      if (!target || site === undefined) continue;
      const key = exprKey(target);
      if (c.name === 'SSL_set_verify' && c.model.calls().some((x) => x.name === 'SSL_verify_client_post_handshake' || x.name === 'SSL_renegotiate')) continue;
      const handshake = c.model.calls().find((h) => {
        const ssl = callArgs(h.node)[0];
        if (!handshakes.has(h.name) || !ssl || exprKey(ssl) !== key || !sameObject(c.model, ssl, target)) return false;
        return h.cfg === site ? h.node.endIndex <= c.call.startIndex : c.model.cfg.dominates(h.cfg, site);
      });
      if (!handshake) continue;
      const fixes: Fix[] = [];
      const setting = blockStatement(file.text, c.call);
      const before = blockStatement(file.text, handshake.node);
      if (setting && before && setting.parent?.id === before.parent?.id && setting.startIndex > before.endIndex && !setting.text.includes('\n')
        && definedAt(c.model, setting, before.startIndex)) {
        const lineStart = lineStartOf(file.text, setting.startIndex);
        const lineEnd = file.text.indexOf('\n', setting.endIndex);
        fixes.push({
          title: `Move ${c.name}() before ${handshake.name}()`,
          edits: [insertBefore(file.text, before, setting.text), { start: lineStart, end: lineEnd === -1 ? file.text.length : lineEnd + 1, newText: '' }],
          safe: false,
        });
      }
      report({
        start: c.call.startIndex, end: c.call.endIndex,
        message: `${c.name}() runs after ${handshake.name}() on the same connection: the handshake already happened, so this setting has no effect on it. Call it before the handshake.`,
        related: [{ start: handshake.node.startIndex, end: handshake.node.endIndex, message: 'the handshake that already ran' }],
        fixes,
      });
    }
  },
};
