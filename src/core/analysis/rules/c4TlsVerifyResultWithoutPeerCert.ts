import type { SyntaxNode as Node } from '../syntaxTree';
import { isDeliberate } from '../deliberate';
import { needsParens } from '../oneMeansSuccess';
import type { Fix, Rule } from '../rule';
import { callArgs, exprKey, forEachDescendant, stripExpr } from '../syntax';
import { apiName, TlsSetup } from '../tlsSetup';
import { openSsl300, versionRangeAt } from '../versionGuards';

const peerCertificate = new Set(['SSL_get1_peer_certificate', 'SSL_get0_peer_certificate', 'SSL_get0_peer_rpk']);

/** Whether the `if` tested by `comparison` leaves the function (or jumps) when the comparison holds. */
function rejects(comparison: Node): boolean {
  let node = comparison;
  while (node.parent && (node.parent.type === 'parenthesized_expression' || node.parent.type === 'condition_clause'
    || (node.parent.type === 'binary_expression' && /^(?:&&|\|\|)$/.test(node.parent.childForFieldName('operator')?.text ?? '')))) node = node.parent;
  const statement = node.parent;
  if (statement?.type !== 'if_statement') return false;
  const consequence = statement.childForFieldName('consequence');
  const last = consequence?.type === 'compound_statement' ? consequence.namedChildren.filter((c) => c !== null && c.type !== 'comment').at(-1) : consequence;
  return last?.type === 'return_statement' || last?.type === 'goto_statement' || last?.type === 'break_statement' || last?.type === 'continue_statement' || last?.type === 'throw_statement'
    || (last?.type === 'expression_statement' && last.namedChild(0)?.type === 'throw_expression');
}

export const tlsVerifyResultWithoutPeerCert: Rule = {
  meta: {
    id: 'C4',
    name: 'tls-verify-result-without-peer-cert',
    severity: 'error',
    summary: 'X509_V_OK from SSL_get_verify_result trusted without checking that a certificate was presented',
    fixable: true,
    docs: {
      what: 'SSL_get_verify_result(ssl) compared with X509_V_OK (== to accept, or != in an `if` that leaves to reject) in a function that never fetches the peer certificate of that connection (SSL_get0_peer_certificate, SSL_get1_peer_certificate or the 1.1.1 SSL_get_peer_certificate), while the verify mode is not SSL_VERIFY_PEER.',
      why: 'SSL_get_verify_result returns X509_V_OK when the peer presented no certificate at all (SSL_get_verify_result(3) BUGS): with anonymous or PSK cipher suites, or a server that did not ask for a client certificate, "verified" then means "nothing was checked".',
      bad: 'if (SSL_get_verify_result(s) == X509_V_OK)\n    trusted = 1;',
      good: 'if (SSL_get0_peer_certificate(s) != NULL && SSL_get_verify_result(s) == X509_V_OK)\n    trusted = 1;',
      fix: 'Adds `SSL_get0_peer_certificate(s) != NULL &&` to an acceptance test (`== NULL ||` to a rejection test). SSL_get0_peer_certificate exists since 3.0: for code built for 1.1.1 no edit is offered (use SSL_get_peer_certificate and X509_free).',
      references: ['SSL_get_verify_result(3) BUGS', 'SSL_get_peer_certificate(3)'],
    },
  },
  check(file, report) {
    const setup = TlsSetup.of(file);
    for (const c of setup.named('SSL_get_verify_result')) {
      const ssl = c.args[0];
      if (!ssl || !file.isAnalysed(c.model)) continue;
      const key = exprKey(ssl);
      const model = c.model;
      if (setup.verificationOfSsl(model, ssl).mode === 'peer' || isDeliberate(file, 'insecure-by-design', c.call)) continue;
      // Project macros around the getters (postfix's TLS_PEEK_PEER_CERT) count too.
      const getsCertificate = (name: string) => peerCertificate.has(apiName(name)) || /peer\w*(?:cert|crt)/i.test(name);
      if (model.calls().some((x) => getsCertificate(x.name) && callArgs(x.node)[0] !== undefined && exprKey(callArgs(x.node)[0] ?? ssl) === key)) continue;
      // A function handed the peer certificate (`X509 *peercert`) runs after its caller obtained one.
      if (model.paramNames.some((p) => p.parent?.parent?.type === 'parameter_declaration' && p.parent.parent.childForFieldName('type')?.text === 'X509')) continue;
      const comparisons: Node[] = [];
      forEachDescendant(model.body, (node) => {
        if (node.type !== 'binary_expression') return;
        const op = node.childForFieldName('operator')?.text;
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if ((op !== '==' && op !== '!=') || !left || !right) return;
        const [subject, other] = stripExpr(right).text === 'X509_V_OK' ? [left, right] : [right, left];
        if (stripExpr(other).text !== 'X509_V_OK' || !file.holdsResultOf(model, subject, c.call)) return;
        // `!= X509_V_OK` is an acceptance gate only when its branch leaves; otherwise it only reports the error.
        if (op === '!=' && !rejects(node)) return;
        comparisons.push(node);
      });
      for (const comparison of comparisons) {
        const accepts = comparison.childForFieldName('operator')?.text === '==';
        const fixes: Fix[] = [];
        if (versionRangeAt(comparison, file.options.targetVersion).min >= openSsl300) {
          const nil = file.language === 'cpp' ? 'nullptr' : 'NULL';
          const test = accepts ? `SSL_get0_peer_certificate(${ssl.text}) != ${nil} && ${comparison.text}` : `SSL_get0_peer_certificate(${ssl.text}) == ${nil} || ${comparison.text}`;
          const parent = comparison.parent;
          const bare = parent?.type === 'parenthesized_expression' || parent?.type === 'condition_clause' || (parent?.type === 'binary_expression' && parent.childForFieldName('operator')?.text === (accepts ? '&&' : '||'));
          // `a && b` / `a || b` replaces one comparison: it needs parentheses in any operator but its own.
          const newText = bare || (parent?.type !== 'binary_expression' && !needsParens(comparison)) ? test : `(${test})`;
          fixes.push({ title: 'Also require that the peer presented a certificate', edits: [{ start: comparison.startIndex, end: comparison.endIndex, newText }], safe: true });
        }
        report({
          start: comparison.startIndex, end: comparison.endIndex,
          message: `SSL_get_verify_result() is X509_V_OK also when the peer presented no certificate at all, and this function never checks that ${key} has one. Test SSL_get0_peer_certificate(${key}) != NULL as well.`,
          related: [{ start: c.call.startIndex, end: c.call.endIndex, message: 'the verification result' }],
          fixes,
        });
      }
    }
  },
};
