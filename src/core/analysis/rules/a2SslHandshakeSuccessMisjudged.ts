import type { SyntaxNode as Node } from '../syntaxTree';
import { atomsOn, type Atom } from '../facts';
import type { Rule } from '../rule';

/** SSL_connect.pod: 1 is success, 0 a controlled failure, < 0 a fatal or retryable failure. */
const domain = [-1, 0, 1];
const failures = new Set([-1, 0]);

const isSubsetOf = (a: ReadonlySet<number>, b: ReadonlySet<number>) => [...a].every((v) => b.has(v));

/** Parenthesize a replacement when the surrounding operator binds tighter than `==`/`!=`. */
function needsParens(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'parenthesized_expression' || parent.type === 'condition_clause') return false;
  if (parent.type === 'binary_expression') {
    const op = parent.childForFieldName('operator')?.text;
    return !(op === '&&' || op === '||');
  }
  return parent.type !== 'if_statement' && parent.type !== 'while_statement' && parent.type !== 'for_statement' && parent.type !== 'do_statement';
}

export const sslHandshakeSuccessMisjudged: Rule = {
  meta: {
    id: 'A2',
    name: 'ssl-handshake-success-misjudged',
    severity: 'error',
    summary: 'SSL_connect/SSL_accept/SSL_do_handshake succeed only when they return 1',
    fixable: true,
    docs: {
      what: 'The result of SSL_connect, SSL_accept or SSL_do_handshake is tested so that 0 or a negative value counts as success: `r < 0` or `r == -1` as the failure test (0 slips through), `!r` or `r == 0` as the only failure test (-1 slips through), or `if (r)`, `r >= 0`, `r > -1` as the success test.',
      why: 'These functions return 1 on success, 0 when the handshake was shut down in a controlled way, and a negative value on a fatal error or when they must be called again. Any other test lets a failed handshake proceed as if the peer were authenticated.',
      bad: 'if (SSL_connect(ssl) < 0)   /* 0 slips through */\n    return -1;\nif (!SSL_accept(ssl))        /* -1 slips through */\n    return -1;',
      good: 'int rc = SSL_connect(ssl);\nif (rc != 1) {\n    int err = SSL_get_error(ssl, rc);\n    /* … */\n}',
      fix: 'Rewrites the test to `!= 1` (failure test) or `== 1` (success test), keeping the branch orientation.',
      references: ['SSL_connect(3)', 'SSL_accept(3)', 'SSL_do_handshake(3)', 'ossl-guide-tls-client-block(7)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      for (const io of file.ioCalls(model)) {
        if (io.convention !== 'handshake') continue;
        const isSubject = (n: Node) => file.holdsResultOf(model, n, io.call);
        const atoms: Atom[] = [];
        for (const node of model.cfg.nodes) {
          if (node.kind === 'cond' && node.syntax) atoms.push(...atomsOn(node.syntax, isSubject, domain));
        }
        // A failure test that misses a failure value is fine if another test of the same result catches it
        // (including the false side of a success test: `if (r == 1) … else if (r == 0) …`).
        const caught = new Set(atoms.flatMap((a) => {
          const falseFor = domain.filter((v) => !a.trueFor.has(v));
          return [...(isSubsetOf(a.trueFor, failures) ? a.trueFor : []), ...(falseFor.every((v) => failures.has(v)) ? falseFor : [])];
        }));
        for (const atom of atoms) {
          const failureTest = isSubsetOf(atom.trueFor, failures);
          const falseFor = new Set(domain.filter((v) => !atom.trueFor.has(v)));
          const missed = failureTest ? [...falseFor].filter((v) => failures.has(v) && !caught.has(v)) : [];
          const mixedSuccess = !failureTest && atom.trueFor.has(1) && [...atom.trueFor].some((v) => failures.has(v));
          if (missed.length === 0 && !mixedSuccess) continue;
          const replacement = `${atom.subject.text} ${failureTest ? '!=' : '=='} 1`;
          const newText = needsParens(atom.node) ? `(${replacement})` : replacement;
          report({
            start: atom.node.startIndex,
            end: atom.node.endIndex,
            message: failureTest
              ? `This test treats ${io.name}() returning ${missed.join(' or ')} as success, but only 1 means the handshake completed (0: shut down, < 0: fatal or retry). Test for != 1.`
              : `This success test also accepts ${io.name}() returning ${[...atom.trueFor].filter((v) => failures.has(v)).join(' or ')}, a failed handshake. Only 1 means success: test for == 1.`,
            related: [{ start: io.call.startIndex, end: io.call.endIndex, message: `the ${io.name}() call whose result is tested` }],
            fixes: [{ title: `Test ${atom.subject.text} ${failureTest ? '!= 1' : '== 1'}`, edits: [{ start: atom.node.startIndex, end: atom.node.endIndex, newText }], safe: true }],
          });
        }
      }
    }
  },
};
