import type { SyntaxNode as Node } from '../syntaxTree';
import type { FileContext } from '../fileContext';
import type { FunctionModel } from '../functionModel';
import type { Rule } from '../rule';
import { forEachDescendant, stripExpr } from '../syntax';

const verifyResults = new Set(['SSL_get_verify_result', 'X509_STORE_CTX_get_error']);

/** The operands of a chain of `op` (`a || b || c`), parentheses looked through. */
function chain(node: Node, op: string): Node[] {
  const expr = stripExpr(node);
  if (expr.type === 'binary_expression' && expr.childForFieldName('operator')?.text === op) {
    const left = expr.childForFieldName('left');
    const right = expr.childForFieldName('right');
    return [...(left ? chain(left, op) : []), ...(right ? chain(right, op) : [])];
  }
  return [expr];
}

/** `subject cmp X509_V_…` with the constant's name, when subject holds a verification result. */
function verifyComparison(file: FileContext, model: FunctionModel, node: Node, cmp: string): { constant: string; node: Node } | undefined {
  if (node.type !== 'binary_expression' || node.childForFieldName('operator')?.text !== cmp) return undefined;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return undefined;
  const [subject, constant] = stripExpr(right).text.startsWith("X509_V_") ? [left, stripExpr(right)] : [right, stripExpr(left)];
  if (!/^X509_V_(?:OK|ERR_\w+)$/.test(constant.text)) return undefined;
  const isResult = file.originsOf(model, subject).some((o) => o.kind === 'call' && verifyResults.has(o.name));
  return isResult ? { constant: constant.text, node } : undefined;
}

export const tlsVerifyResultConflation: Rule = {
  meta: {
    id: 'C5',
    name: 'tls-verify-result-conflation',
    severity: 'warning',
    summary: 'A verification result accepted when it is X509_V_OK or some specific failure',
    fixable: false,
    docs: {
      what: 'The value of SSL_get_verify_result (or X509_STORE_CTX_get_error) accepted when it equals X509_V_OK or an X509_V_ERR_* code in the same condition (`v == X509_V_OK || v == X509_V_ERR_…`, `v != X509_V_OK && v != X509_V_ERR_…`), or a switch where `case X509_V_OK:` shares its body with an X509_V_ERR_* case.',
      why: 'Each accepted failure is a way to impersonate the server: an expired certificate may be a revoked key\'s, and "self-signed" or "unable to get issuer" accepts any certificate anyone can make.',
      bad: 'long v = SSL_get_verify_result(s);\nif (v == X509_V_OK || v == X509_V_ERR_CERT_HAS_EXPIRED)\n    ok();',
      good: 'if (SSL_get_verify_result(s) == X509_V_OK)\n    ok();\n/* a deliberate exception: X509_VERIFY_PARAM flags or time settings, with a comment */',
      fix: 'No automatic edit (removing the exception changes behaviour): drop the extra case, or express a deliberate exception with X509_VERIFY_PARAM settings.',
      references: ['SSL_get_verify_result(3)', 'openssl-verify(1) (error codes)', 'X509_VERIFY_PARAM_set_flags(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      if (!model.calls().some((c) => verifyResults.has(c.name))) continue;
      const reported = new Set<number>();
      const flag = (accepted: { constant: string; node: Node }) => {
        if (reported.has(accepted.node.id)) return;
        reported.add(accepted.node.id);
        report({
          start: accepted.node.startIndex, end: accepted.node.endIndex,
          message: `This accepts the verification failure ${accepted.constant} as if the certificate had verified (X509_V_OK). Accept only X509_V_OK, or express a deliberate exception with X509_VERIFY_PARAM settings.`,
        });
      };
      forEachDescendant(model.body, (node) => {
        if (node.type === 'binary_expression') {
          for (const [op, cmp] of [['||', '=='], ['&&', '!=']] as const) {
            if (node.childForFieldName('operator')?.text !== op || (node.parent && stripExpr(node.parent).type === 'binary_expression' && node.parent.childForFieldName('operator')?.text === op)) continue;
            const comparisons = chain(node, op).map((n) => verifyComparison(file, model, n, cmp)).filter((c): c is { constant: string; node: Node } => c !== undefined);
            if (comparisons.some((c) => c.constant === 'X509_V_OK')) comparisons.filter((c) => c.constant !== 'X509_V_OK').forEach(flag);
          }
        }
        if (node.type === 'switch_statement') {
          const condition = node.childForFieldName('condition');
          const subject = condition?.type === 'condition_clause' ? condition.childForFieldName('value') : condition;
          if (!subject || !file.originsOf(model, subject).some((o) => o.kind === 'call' && verifyResults.has(o.name))) return;
          // Cases that fall through to one body form a group; a group with X509_V_OK and an error accepts the error.
          let group: Node[] = [];
          for (const child of node.childForFieldName('body')?.namedChildren ?? []) {
            if (child?.type !== 'case_statement') continue;
            const value = child.childForFieldName('value');
            if (value) group.push(value);
            const hasBody = child.namedChildren.some((c) => c !== null && c.id !== value?.id && c.type !== 'comment');
            if (!hasBody) continue;
            if (group.some((v) => stripExpr(v).text === 'X509_V_OK')) {
              for (const v of group) if (stripExpr(v).text.startsWith("X509_V_ERR_")) flag({ constant: stripExpr(v).text, node: v });
            }
            group = [];
          }
        }
      });
    }
  },
};
