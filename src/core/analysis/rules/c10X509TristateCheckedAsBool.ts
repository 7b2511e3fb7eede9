import type { SyntaxNode as Node } from '../syntaxTree';
import { misjudgedTests } from '../oneMeansSuccess';
import type { Rule } from '../rule';

/** Verification calls that return 1 for success, 0 for a failed check and a negative value for an error. */
const tristate = new Set([
  'X509_verify_cert', 'X509_STORE_CTX_verify', 'X509_verify', 'X509_REQ_verify', 'X509_CRL_verify',
  'EVP_VerifyFinal', 'EVP_VerifyFinal_ex', 'EVP_DigestVerifyFinal', 'EVP_DigestVerify', 'OCSP_basic_verify',
]);

export const x509TristateCheckedAsBool: Rule = {
  meta: {
    id: 'C10',
    name: 'x509-tristate-checked-as-bool',
    severity: 'error',
    summary: 'A verification result that can be negative on error is tested as a boolean',
    fixable: true,
    docs: {
      what: 'The result of X509_verify_cert, X509_STORE_CTX_verify, X509_verify, X509_REQ_verify, X509_CRL_verify, EVP_VerifyFinal, EVP_DigestVerifyFinal, EVP_DigestVerify or OCSP_basic_verify tested with `if (r)`, `r != 0`, or with `!r` / `r == 0` as the only failure test. A result first folded into a failure value (`if (r < 0) r = 0;`, `r = r < 0 ? 0 : r;`), or returned to the caller after a test that only reports, is not tested as a boolean.',
      why: 'These functions return 1 when the check passed, 0 when it failed, and a negative value when it could not be performed (bad input, allocation failure). A boolean test reads -1 as "verified": the CVE-2008-5077 class of bugs, where a malformed signature was accepted.',
      bad: 'if (!X509_verify_cert(store_ctx))   /* -1 accepted */\n    reject();',
      good: 'if (X509_verify_cert(store_ctx) != 1)\n    reject();',
      fix: 'Rewrites the test to `!= 1` (failure test) or `== 1` (success test), keeping the branch orientation.',
      references: ['X509_verify_cert(3)', 'EVP_VerifyFinal(3)', 'EVP_DigestVerifyInit(3)', 'OCSP_resp_find_status(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      for (const site of model.calls()) {
        if (!tristate.has(site.name)) continue;
        const isSubject = (n: Node) => file.holdsResultOf(model, n, site.node);
        for (const { atom, failureTest, admitted, replacement, edit } of misjudgedTests(model, isSubject)) {
          report({
            start: atom.node.startIndex,
            end: atom.node.endIndex,
            message: failureTest
              ? `This test lets ${site.name}() returning ${admitted.join(' or ')} through as success: a negative result means the check could not be performed. Test for != 1.`
              : `This success test also accepts ${site.name}() returning ${admitted.join(' or ')}: only 1 means the check passed. Test for == 1.`,
            related: [{ start: site.node.startIndex, end: site.node.endIndex, message: `the ${site.name}() call whose result is tested` }],
            fixes: [{ title: `Test ${replacement}`, edits: [edit], safe: true }],
          });
        }
      }
    }
  },
};
