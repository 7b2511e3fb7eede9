import type { SyntaxNode as Node } from '../syntaxTree';
import type { IoCall } from '../fileContext';
import { layout, uniqueName } from '../fixText';
import { resultVariable } from '../ioResults';
import type { Fix, Rule } from '../rule';
import { indentationAt, lineEnding, lvalueKey, outermostWrapping } from '../syntax';

/** The expression statement that throws the call's result away (`SSL_write(…);` or `(void)SSL_write(…);`). */
function discardingStatement(call: Node): Node | undefined {
  const parent = outermostWrapping(call).parent;
  return parent?.type === 'expression_statement' ? parent : undefined;
}

/** Whether the value of an assignment expression is itself used (`while ((n = SSL_read(…)) > 0)`). */
function assignmentValueUsed(syntax: Node): boolean {
  if (syntax.type !== 'assignment_expression') return false;
  let node = syntax;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  return node.parent?.type !== 'expression_statement' && node.parent?.type !== 'comma_expression';
}

const failureTest: Record<IoCall['convention'], string> = { count: '<= 0', handshake: '!= 1', ex: '== 0', shutdown: '< 0' };

function checkFix(io: IoCall, statement: Node, functionText: string, text: string): Fix {
  const rc = uniqueName(functionText, 'rc');
  const err = uniqueName(functionText, 'ssl_err');
  const ret = io.convention === 'ex' ? '0' : rc;
  const indent = indentationAt(text, statement.startIndex);
  const body = layout(`if (${rc} ${failureTest[io.convention]}) {\n    int ${err} = SSL_get_error(${io.ssl.text}, ${ret});\n    /* TODO: handle ${err}: retry on SSL_ERROR_WANT_READ/WANT_WRITE, fail on SSL_ERROR_SYSCALL/SSL */\n    (void)${err};\n}`, indent, text);
  const eol = lineEnding(text);
  return {
    title: `Check the result of ${io.name}() and classify failures with SSL_get_error()`,
    edits: [{ start: statement.startIndex, end: statement.endIndex, newText: `int ${rc} = ${io.call.text};${eol}${body}` }],
    safe: false,
  };
}

export const sslIoResultIgnored: Rule = {
  meta: {
    id: 'A1',
    name: 'ssl-io-result-ignored',
    severity: 'warning',
    summary: 'The result of a TLS I/O call is discarded (an error for SSL_connect/SSL_accept/SSL_do_handshake)',
    fixable: true,
    docs: {
      what: 'SSL_read, SSL_write, SSL_peek (and _ex forms), SSL_connect, SSL_accept or SSL_do_handshake called as a statement, cast to (void), or assigned to a variable that is never read.',
      why: 'These calls fail routinely (the peer closed, the socket would block, the handshake failed). Ignoring the result means a failed handshake goes on to send application data, and a short or failed write is treated as sent. The handshake functions are errors because a connection whose handshake failed is not secure.',
      bad: 'SSL_connect(ssl);\nSSL_write(ssl, req, (int)len);',
      good: 'int rc = SSL_connect(ssl);\nif (rc != 1) {\n    int err = SSL_get_error(ssl, rc);\n    handle_tls_error(ssl, err);\n    goto fail;\n}',
      fix: 'Stores the result in a new variable and adds a failure test that calls SSL_get_error(), with a TODO to handle each case.',
      references: ['SSL_read(3)', 'SSL_write(3)', 'SSL_connect(3)', 'SSL_get_error(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      for (const io of file.ioCalls(model)) {
        if (io.name === 'SSL_shutdown') continue;
        const severity = io.convention === 'handshake' ? 'error' : 'warning';
        const statement = discardingStatement(io.call);
        if (statement) {
          const isVoidCast = statement.namedChild(0)?.type === 'cast_expression';
          // An explicit (void) on a read or write is a deliberate choice (draining close_notify before closing).
          if (isVoidCast && io.convention !== 'handshake') continue;
          report({
            start: io.call.startIndex, end: io.call.endIndex, severity,
            message: `The result of ${io.name}() is ${isVoidCast ? 'cast to void' : 'ignored'}: a failed ${io.convention === 'handshake' ? 'handshake leaves the connection unauthenticated' : 'call is treated as if it succeeded'}. Check it and classify failures with SSL_get_error().`,
            fixes: isVoidCast ? [] : [checkFix(io, statement, model.body.text, file.text)],
          });
          continue;
        }
        const variable = resultVariable(io);
        const key = variable ? lvalueKey(variable) : undefined;
        if (!variable || key === undefined || key.includes('->') || key.includes('.')) continue;
        const def = model.defsIn(io.cfg).find((d) => d.key === key && (d.rhs?.id === io.call.id || d.rhs?.descendantsOfType('call_expression').some((c) => c?.id === io.call.id)));
        if (!def || model.isUsed(def) || assignmentValueUsed(def.syntax)) continue;
        report({
          start: io.call.startIndex, end: io.call.endIndex, severity,
          message: `The result of ${io.name}() is stored in '${key}' but never read: a failure goes unnoticed. Test it and classify failures with SSL_get_error().`,
          related: [{ start: variable.startIndex, end: variable.endIndex, message: `'${key}' is not read after this assignment` }],
        });
      }
    }
  },
};
