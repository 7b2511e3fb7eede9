import type { SyntaxNode as Node } from '../syntaxTree';
import { misjudgedTests } from '../oneMeansSuccess';
import type { Rule } from '../rule';

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
        for (const { atom, failureTest, admitted, replacement, edit } of misjudgedTests(model, isSubject)) {
          report({
            start: atom.node.startIndex,
            end: atom.node.endIndex,
            message: failureTest
              ? `This test treats ${io.name}() returning ${admitted.join(' or ')} as success, but only 1 means the handshake completed (0: shut down, < 0: fatal or retry). Test for != 1.`
              : `This success test also accepts ${io.name}() returning ${admitted.join(' or ')}, a failed handshake. Only 1 means success: test for == 1.`,
            related: [{ start: io.call.startIndex, end: io.call.endIndex, message: `the ${io.name}() call whose result is tested` }],
            fixes: [{ title: `Test ${replacement}`, edits: [edit], safe: true }],
          });
        }
      }
    }
  },
};
