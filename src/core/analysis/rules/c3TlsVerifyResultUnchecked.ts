import type { SyntaxNode as Node } from '../syntaxTree';
import { isDeliberate } from '../deliberate';
import type { CallSite, FunctionModel } from '../functionModel';
import type { FileContext } from '../fileContext';
import { uniqueName } from '../fixText';
import type { Fix, Rule } from '../rule';
import { callArgs, exprKey, stripExpr } from '../syntax';
import { blockStatement, failureJump, insertBefore } from '../tlsFixes';
import { apiName, conditionallyEvaluated, isVerifyResultCheck, TlsSetup } from '../tlsSetup';
import { openSsl300, versionRangeAt } from '../versionGuards';
import { nonFatalVerification } from '../verifyCallbacks';

const applicationIo = new Set(['SSL_read', 'SSL_read_ex', 'SSL_write', 'SSL_write_ex', 'SSL_peek', 'SSL_peek_ex']);
const peerCertificate = new Set(['SSL_get1_peer_certificate', 'SSL_get0_peer_certificate']);

/**
 * Whether `check` runs on every path to `use`. A check on the right of `&&`/`||` counts when the use lies behind
 * the branch where it must have been evaluated: `if (!cert || check != OK) return;` protects what follows,
 * `if (strict && check != OK) return;` does not.
 */
function evaluatedBefore(model: FunctionModel, check: CallSite, use: CallSite): boolean {
  const node = model.cfg.node(check.cfg);
  if (!conditionallyEvaluated(check.node, node.syntax ?? check.node)) {
    return model.cfg.dominates(check.cfg, use.cfg) && (check.cfg !== use.cfg || check.node.endIndex <= use.node.startIndex);
  }
  const op = node.kind === 'cond' && node.syntax ? stripExpr(node.syntax).childForFieldName('operator')?.text : undefined;
  const evaluatedOn = op === '||' ? false : op === '&&' ? true : undefined;
  if (evaluatedOn === undefined) return false;
  const branch = node.succ.find((id) => {
    const b = model.cfg.node(id).branch;
    return b?.kind === 'cond' && b.value === evaluatedOn;
  });
  return branch !== undefined && model.cfg.dominates(branch, use.cfg);
}

/** The certificate-and-result check inserted before the first use, with the function's error path. */
function verifyBlock(file: FileContext, model: FunctionModel, use: Node, ssl: string): Fix | undefined {
  const statement = blockStatement(file.text, use);
  const jump = statement ? failureJump(model, use, statement.startIndex) : undefined;
  if (!statement || !jump) return undefined;
  const cpp = file.language === 'cpp';
  const peer = uniqueName(model.body.text, 'peer');
  // SSL_get1_peer_certificate is 3.0's name; 1.1.1 only has SSL_get_peer_certificate (the same function).
  const getter = versionRangeAt(use, file.options.targetVersion).min >= openSsl300 ? 'SSL_get1_peer_certificate' : 'SSL_get_peer_certificate';
  const snippet = [
    `X509 *${peer} = ${getter}(${ssl});`,
    `long ${peer}_verify = SSL_get_verify_result(${ssl});`,
    `${cpp ? 'const bool' : 'int'} ${peer}_ok = ${peer} != ${cpp ? 'nullptr' : 'NULL'} && ${peer}_verify == X509_V_OK;`,
    `X509_free(${peer});`,
    `if (!${peer}_ok)`,
    `    ${jump}`,
  ].join('\n');
  return { title: 'Check the peer certificate and SSL_get_verify_result() before using the connection', edits: [insertBefore(file.text, statement, snippet)], safe: false };
}

export const tlsVerifyResultUnchecked: Rule = {
  meta: {
    id: 'C3',
    name: 'tls-verify-result-unchecked',
    severity: 'error',
    summary: 'Verification is non-fatal and SSL_get_verify_result is not checked before the connection is used',
    fixable: true,
    readsTlsSetup: true,
    docs: {
      what: 'A client connection whose verification does not stop the handshake (no verify mode, SSL_VERIFY_NONE, or a callback that accepts everything), in a file that does check SSL_get_verify_result somewhere, where data is read or written after the handshake without an SSL_get_verify_result check on every path before it, or the peer certificate is fetched in a function that never checks the result.',
      why: 'With non-fatal verification the handshake succeeds whatever the server presents; the only protection left is the application\'s own SSL_get_verify_result(ssl) == X509_V_OK check. A path that skips it talks to whoever answered. Having a peer certificate says nothing about whether it verified.',
      bad: 'SSL_connect(s);\nSSL_write(s, req, n);   /* mode NONE, never checked */',
      good: 'if (SSL_connect(s) != 1)\n    goto err;\nX509 *pc = SSL_get1_peer_certificate(s);\nif (pc == NULL || SSL_get_verify_result(s) != X509_V_OK)\n    goto err;\nX509_free(pc);',
      fix: 'Before the first read or write, inserts a check that a peer certificate was presented and SSL_get_verify_result() is X509_V_OK, leaving through the function\'s own error path (none is invented: without one, no edit). The better fix is often SSL_VERIFY_PEER (C1). Tools like s_client that continue on purpose declare it with `// openssl-doctor: insecure-by-design <reason>`.',
      references: ['SSL_CTX_set_verify(3)', 'SSL_get_verify_result(3)'],
    },
  },
  check(file, report) {
    const setup = TlsSetup.of(file);
    if (!setup.callsAny('SSL_get_verify_result')) return;
    for (const handshake of file.analysedSetupFunctions().flatMap((model) => setup.clientHandshakesIn(model))) {
      const { model, ssl } = handshake;
      const site = model.cfgOf(handshake.call);
      if (!ssl || site === undefined) continue;
      const nonFatal = nonFatalVerification(setup, model, ssl);
      if (!nonFatal || isDeliberate(file, 'insecure-by-design', handshake.call, ...(nonFatal.call ? [nonFatal.call.call] : []))) continue;
      const key = exprKey(ssl);
      const first = (call: Node) => {
        const arg = callArgs(call)[0];
        return arg !== undefined && exprKey(arg) === key;
      };
      const checks = model.calls().filter((c) => ((c.name === 'SSL_get_verify_result' && first(c.node) && isVerifyResultCheck(c.node))
        // Functions of this file that check the verify result (`check_peer(ssl)`).
        || (callArgs(c.node).some((a) => exprKey(a) === key) && setup.checksVerifyResult(c.name))));
      const after = model.cfg.reachable(site);
      for (const use of model.calls()) {
        const name = apiName(use.name);
        const isIo = applicationIo.has(name);
        if ((!isIo && !peerCertificate.has(name)) || !first(use.node)) continue;
        if (!(after.has(use.cfg) || (use.cfg === site && use.node.startIndex > handshake.call.endIndex))) continue;
        const checked = isIo ? checks.some((c) => evaluatedBefore(model, c, use)) : checks.length > 0;
        if (checked) continue;
        const fix = isIo ? verifyBlock(file, model, use.node, handshake.ssl?.text ?? key) : undefined;
        report({
          start: use.node.startIndex, end: use.node.endIndex,
          message: isIo
            ? `${use.name}() uses a connection whose certificate verification is non-fatal, and no SSL_get_verify_result() check runs on every path before it: the peer may be anyone. Check SSL_get_verify_result(${key}) == X509_V_OK after the handshake, or use SSL_VERIFY_PEER.`
            : `The peer certificate is fetched, but verification is non-fatal and this function never checks SSL_get_verify_result(${key}): having a certificate says nothing about whether it verified.`,
          related: [
            { start: handshake.call.startIndex, end: handshake.call.endIndex, message: 'the handshake' },
            ...(nonFatal.call ? [{ start: nonFatal.call.call.startIndex, end: nonFatal.call.call.endIndex, message: 'verification is made non-fatal here' }] : []),
          ],
          fixes: fix ? [fix] : [],
        });
        break;
      }
    }
  },
};
