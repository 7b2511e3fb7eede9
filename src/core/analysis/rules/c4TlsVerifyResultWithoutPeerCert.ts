import type { SyntaxNode as Node } from '../syntaxTree';
import { isDeliberate } from '../deliberate';
import { atomsOn, impliedFacts } from '../facts';
import { parameterNames, type FunctionModel } from '../functionModel';
import { needsParens } from '../oneMeansSuccess';
import type { Fix, Rule } from '../rule';
import { callArgs, calleeName, callsIn, conditionOwner, exprKey, forEachDescendant, intLiteral, jumpTypes, openSslCallPattern, outermostWrapping, stripExpr } from '../syntax';
import { apiName, TlsSetup } from '../tlsSetup';
import { openSsl300, versionRangeAt } from '../versionGuards';

const peerCertificate = new Set(['SSL_get1_peer_certificate', 'SSL_get0_peer_certificate', 'SSL_get0_peer_rpk']);
/** Project macros around the getters (postfix's TLS_PEEK_PEER_CERT) count too. */
const getsCertificate = (name: string) => peerCertificate.has(apiName(name)) || /peer\w*(?:cert|crt)/i.test(name);
/** Names of functions that check the peer's name or certificate (`ngx_ssl_check_host`, `verify_peer_cert`). */
const certificateCheckName = /(?:check|verify|match|validate)_?\w*(?:host|cert|crt|peer|identity)|(?:host|cert|crt|peer|identity)\w*_?(?:check|verify|match|valid)/i;
/** Whether the `if` tested by `comparison` leaves the function (or jumps) when the comparison holds. */
function rejects(comparison: Node): boolean {
  const statement = conditionOwner(comparison);
  if (statement?.type !== 'if_statement') return false;
  const consequence = statement.childForFieldName('consequence');
  const last = consequence?.type === 'compound_statement' ? consequence.namedChildren.filter((c) => c !== null && c.type !== 'comment').at(-1) : consequence;
  return last !== undefined && last !== null && (jumpTypes.has(last.type) || (last.type === 'expression_statement' && jumpTypes.has(last.namedChild(0)?.type ?? '')));
}

/** The keys an argument may have to hand over the connection `key`: the SSL itself or the object it hangs from. */
function connectionKeys(key: string): string[] {
  const root = /^\w+/.exec(key)?.[0];
  return root !== undefined && root !== key ? [key, root] : [key];
}

/**
 * Whether the `if` that `comparison` decides does anything with its outcome: leaves, assigns, or hands the
 * connection to a call. Branches that only print (`Verification: OK` / the error string) trust nothing.
 */
function decides(comparison: Node, key: string): boolean {
  const statement = conditionOwner(comparison);
  if (statement?.type !== 'if_statement') return true;
  const keys = connectionKeys(key);
  const handsOn = (node: Node) => node.type === 'call_expression' && outermostWrapping(node).parent?.type === 'expression_statement'
    && callArgs(node).some((a) => keys.includes(exprKey(a)));
  let acts = false;
  for (const branch of [statement.childForFieldName('consequence'), statement.childForFieldName('alternative')]) {
    if (!branch) continue;
    forEachDescendant(branch, (node) => {
      acts ||= jumpTypes.has(node.type) || node.type === 'assignment_expression' || node.type === 'update_expression' || handsOn(node);
      return acts ? 'skip' : undefined;
    });
  }
  return acts;
}

/** Whether the values of a test on the side `value` include a negative one and exclude 1: a failed call's branch. */
const failureSide = (condition: Node, value: boolean) => impliedFacts(condition, value).some((fact) => {
  if (fact.kind !== 'bool') return false;
  const atoms = atomsOn(fact.expr, (n) => intLiteral(n) === undefined, [-1, 0, 1]);
  const holds = atoms.length === 1 ? (v: number) => atoms[0]?.trueFor.has(v) === fact.value : undefined;
  return holds !== undefined && holds(-1) && !holds(1);
});

/**
 * Whether `comparison` lies in the branch an enclosing `if` takes when a result is negative (`if (n < 0)`,
 * `if (SSL_connect(s) != 1)`): the connection has already failed there, so the comparison explains the failure.
 */
function onFailurePath(comparison: Node, body: Node): boolean {
  for (let node = comparison; node.parent && node !== body; node = node.parent) {
    const statement = node.parent;
    if (statement.type !== 'if_statement') continue;
    const clause = statement.childForFieldName('condition');
    const condition = clause?.type === 'condition_clause' ? clause.childForFieldName('value') : clause;
    const inConsequence = statement.childForFieldName('consequence')?.id === node.id;
    const inAlternative = statement.childForFieldName('alternative')?.id === node.id;
    if (condition && (inConsequence || inAlternative) && failureSide(condition, inConsequence)) return true;
  }
  return false;
}

/**
 * Whether a call in `model` hands the connection to a function that requires its certificate: one of this file
 * that fetches the peer certificate of what it receives, or one whose name says it checks the peer's host or
 * certificate and whose result is used (a name check needs the certificate; its definition may be in another
 * file). Any other call that merely receives the SSL does not count: an I/O wrapper or a logger would then silence
 * every finding. Only the real getters count inside a callee: they make it a TLS setup function, whose edits
 * re-lint this one.
 */
function checkedByCallee(setup: TlsSetup, model: FunctionModel, key: string): boolean {
  const [, root] = connectionKeys(key);
  return model.calls().some((site) => {
    if (openSslCallPattern.test(site.name)) return false;
    const args = callArgs(site.node).map(exprKey);
    if (certificateCheckName.test(site.name) && outermostWrapping(site.node).parent?.type !== 'expression_statement'
      && args.some((a) => a === key || a === root)) return true;
    return setup.definitionsNamed(site.name).some((definition) => {
      const params = parameterNames(definition).map((p) => p.text);
      const inner = args.flatMap((a, i) => {
        const param = params[i];
        if (param === undefined) return [];
        return a === key ? [param] : a === root && root !== undefined ? [param + key.slice(root.length)] : [];
      });
      const body = definition.childForFieldName('body');
      return inner.length > 0 && body !== null && callsIn(body).some((call) => {
        const name = calleeName(call);
        const first = callArgs(call)[0];
        return name !== undefined && peerCertificate.has(apiName(name)) && first !== undefined && inner.includes(exprKey(first));
      });
    });
  });
}

export const tlsVerifyResultWithoutPeerCert: Rule = {
  meta: {
    id: 'C4',
    name: 'tls-verify-result-without-peer-cert',
    severity: 'error',
    summary: 'X509_V_OK from SSL_get_verify_result trusted without checking that a certificate was presented',
    fixable: true,
    readsTlsSetup: true,
    docs: {
      what: 'SSL_get_verify_result(ssl) compared with X509_V_OK as the decision to trust the peer (== whose outcome is acted on, or != in an `if` that leaves to reject), while the verify mode is not SSL_VERIFY_PEER, in a function that neither fetches the peer certificate of that connection (SSL_get0_peer_certificate, SSL_get1_peer_certificate or the 1.1.1 SSL_get_peer_certificate) nor hands the connection to a function that requires it (one of this file that fetches it, or a host or certificate check such as `check_host(conn)` whose result is used). A comparison that only prints the result, or runs where the connection has already failed (`if (SSL_connect(s) != 1)`, `if (n < 0)`), decides nothing.',
      why: 'SSL_get_verify_result returns X509_V_OK when the peer presented no certificate at all (SSL_get_verify_result(3) BUGS): with anonymous or PSK cipher suites, or a server that did not ask for a client certificate, "verified" then means "nothing was checked".',
      bad: 'if (SSL_get_verify_result(s) == X509_V_OK)\n    trusted = 1;',
      good: 'if (SSL_get0_peer_certificate(s) != NULL && SSL_get_verify_result(s) == X509_V_OK)\n    trusted = 1;',
      fix: 'Adds `SSL_get0_peer_certificate(s) != NULL &&` to an acceptance test (`== NULL ||` to a rejection test). SSL_get0_peer_certificate exists since 3.0: for code built for 1.1.1 no edit is offered (use SSL_get_peer_certificate and X509_free).',
      references: ['SSL_get_verify_result(3) BUGS', 'SSL_get_peer_certificate(3)'],
    },
  },
  check(file, report) {
    const setup = TlsSetup.of(file);
    for (const c of setup.analysedCalls('SSL_get_verify_result')) {
      const ssl = c.args[0];
      if (!ssl) continue;
      const key = exprKey(ssl);
      const model = c.model;
      if (setup.verificationOfSsl(model, ssl).mode === 'peer' || isDeliberate(file, 'insecure-by-design', c.call)) continue;
      if (model.calls().some((x) => getsCertificate(x.name) && callArgs(x.node)[0] !== undefined && exprKey(callArgs(x.node)[0] ?? ssl) === key)) continue;
      if (checkedByCallee(setup, model, key)) continue;
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
        // `!= X509_V_OK` is an acceptance gate only when its branch leaves, `==` only when its outcome is acted on;
        // otherwise, or once the connection has failed anyway, the comparison only reports the error.
        if ((op === '!=' ? !rejects(node) : !decides(node, key)) || onFailurePath(node, model.body)) return;
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
