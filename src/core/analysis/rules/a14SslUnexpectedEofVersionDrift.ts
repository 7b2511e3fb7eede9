import type { SyntaxNode as Node } from '../syntaxTree';
import { isSslErrorValue } from '../classification';
import { impliedFacts } from '../facts';
import { indentUnit } from '../fixText';
import type { Fix, Rule } from '../rule';
import { forEachDescendant, indentationAt, intLiteral, lineEnding, stripExpr } from '../syntax';
import { linesAt } from '../versions';

/** `errno == 0` / `!errno` among the facts of a condition being true. */
function testsErrnoZero(cond: Node): boolean {
  return impliedFacts(cond, true).some((f) => {
    if (f.kind !== 'bool') return false;
    const expr = stripExpr(f.expr);
    if (expr.type === 'identifier' && expr.text === 'errno') return !f.value;
    if (expr.type !== 'binary_expression') return false;
    const op = expr.childForFieldName('operator')?.text;
    const sides = [expr.childForFieldName('left'), expr.childForFieldName('right')];
    return (op === '==') === f.value && (op === '==' || op === '!=') && sides.some((s) => s?.text === 'errno') && sides.some((s) => s !== null && intLiteral(s) === 0);
  });
}

/** The SSL_get_error() value compared with SSL_ERROR_SYSCALL in an `&&` chain. */
function sslErrorOperand(and: Node, isSubject: (n: Node) => boolean): Node | undefined {
  for (const fact of impliedFacts(and, true)) {
    if (fact.kind !== 'bool') continue;
    const e = stripExpr(fact.expr);
    if (e.type !== 'binary_expression') continue;
    const [l, r] = [e.childForFieldName('left'), e.childForFieldName('right')];
    if (l && r?.text === 'SSL_ERROR_SYSCALL' && isSubject(l)) return l;
    if (r && l?.text === 'SSL_ERROR_SYSCALL' && isSubject(r)) return r;
  }
  return undefined;
}

export const sslUnexpectedEofVersionDrift: Rule = {
  meta: {
    id: 'A14',
    name: 'ssl-unexpected-eof-version-drift',
    severity: 'warning',
    summary: 'EOF handling that works on only one OpenSSL line; truncation tolerance',
    fixable: true,
    docs: {
      what: 'A peer closing without close_notify is detected only as SSL_ERROR_SYSCALL with errno 0 (the OpenSSL 1.1.1 behaviour) while the code can be built against OpenSSL 3, or only through SSL_R_UNEXPECTED_EOF_WHILE_READING (3.x) while a version guard says 1.x is supported. As information: SSL_OP_IGNORE_UNEXPECTED_EOF is set. openssl-doctor.lint.targetVersion (or #if OPENSSL_VERSION_NUMBER guards in auto mode) decides which lines apply.',
      why: 'OpenSSL 3 reports an EOF without close_notify as SSL_ERROR_SSL with reason SSL_R_UNEXPECTED_EOF_WHILE_READING; 1.1.1 reports SSL_ERROR_SYSCALL with errno 0. Code that knows only one form treats the other as a hard error (curl #5138, nginx 5155845). SSL_OP_IGNORE_UNEXPECTED_EOF turns the EOF into a clean close, which is only safe if the application protocol detects truncation itself.',
      bad: 'if (e == SSL_ERROR_SYSCALL && errno == 0)\n    return 0;   /* EOF; on 3.x this is SSL_ERROR_SSL */',
      good: 'if ((e == SSL_ERROR_SYSCALL && errno == 0 && ERR_peek_error() == 0)\n#ifdef SSL_R_UNEXPECTED_EOF_WHILE_READING\n    || (e == SSL_ERROR_SSL\n        && ERR_GET_REASON(ERR_peek_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING)\n#endif\n   ) {\n    ERR_clear_error();\n    return framing_complete ? 0 : -1;\n}',
      fix: 'For the SYSCALL-only form, adds the OpenSSL 3 test under #ifdef SSL_R_UNEXPECTED_EOF_WHILE_READING (check that <openssl/err.h> is included); then decide explicitly whether a truncated stream is acceptable.',
      references: ['SSL_get_error(3) NOTES', 'SSL_CTX_set_options(3) (SSL_OP_IGNORE_UNEXPECTED_EOF)'],
    },
  },
  check(file, report) {
    const { knowsUnexpectedEofReason: knowsReason, ignoresUnexpectedEof: ignoresEof } = file.facts;
    for (const model of file.functions()) {
      const isSubject = (n: Node) => isSslErrorValue(file, model, n);
      let syscallEof: Node | undefined;
      forEachDescendant(model.body, (node) => {
        if (node.type !== 'binary_expression' || node.childForFieldName('operator')?.text !== '&&' || syscallEof) return undefined;
        const facts = impliedFacts(node, true);
        const syscall = facts.some((f) => {
          if (f.kind !== 'bool' || !f.value) return false;
          const e = stripExpr(f.expr);
          if (e.type !== 'binary_expression' || e.childForFieldName('operator')?.text !== '==') return false;
          const [l, r] = [e.childForFieldName('left'), e.childForFieldName('right')];
          return !!l && !!r && ((r.text === 'SSL_ERROR_SYSCALL' && isSubject(l)) || (l.text === 'SSL_ERROR_SYSCALL' && isSubject(r)));
        });
        if (syscall && testsErrnoZero(node)) syscallEof = node;
        return 'skip';
      });
      // errno compared with other values on the SSL_ERROR_SYSCALL path too: errno-based dispatch (retry on
      // EAGAIN…), not EOF detection.
      if (syscallEof && /\berrno\s*==\s*(?!0\b)\w+/.test(model.body.text) && /SSL_ERROR_SYSCALL[^;{]*\berrno\s*==\s*(?!0\b)\w+/.test(model.body.text)) syscallEof = undefined;
      if (syscallEof && !knowsReason && !ignoresEof && linesAt(syscallEof, file.options.targetVersion).has('3.x')) {
        const subject = sslErrorOperand(syscallEof, (n) => isSubject(n));
        const eol = lineEnding(file.text);
        const indent = indentationAt(file.text, syscallEof.startIndex) + indentUnit(file.text);
        const fixes: Fix[] = subject ? [{
          title: 'Also recognise the OpenSSL 3 form (SSL_R_UNEXPECTED_EOF_WHILE_READING)',
          edits: [{
            start: syscallEof.startIndex, end: syscallEof.endIndex,
            newText: `(${syscallEof.text})${eol}#ifdef SSL_R_UNEXPECTED_EOF_WHILE_READING${eol}${indent}|| (${subject.text} == SSL_ERROR_SSL && ERR_GET_REASON(ERR_peek_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING)${eol}#endif${eol}${indent}`,
          }],
          safe: false,
        }] : [];
        report({
          fixes,
          start: syscallEof.startIndex, end: syscallEof.endIndex,
          message: 'An EOF without close_notify is recognised only as SSL_ERROR_SYSCALL with errno 0, the OpenSSL 1.1.1 behaviour. OpenSSL 3 reports it as SSL_ERROR_SSL with reason SSL_R_UNEXPECTED_EOF_WHILE_READING, which this code treats as a hard error. Test both forms.',
        });
      }
      forEachDescendant(model.body, (node) => {
        if (node.type !== 'identifier') return undefined;
        if (node.text === 'SSL_R_UNEXPECTED_EOF_WHILE_READING' && !syscallEof && (file.options.targetVersion === '1.1.1' || (file.options.targetVersion === 'auto' && file.facts.supportsPre3)) && linesAt(node, file.options.targetVersion).has('1.1.1')) {
          const guarded = node.parent?.type === 'preproc_defined' || file.facts.guardsUnexpectedEofReason;
          if (!guarded) {
            report({
              start: node.startIndex, end: node.endIndex,
              message: 'EOF without close_notify is recognised only through SSL_R_UNEXPECTED_EOF_WHILE_READING (OpenSSL 3), but this code also builds against OpenSSL 1.x, where the same EOF is SSL_ERROR_SYSCALL with errno 0 and an empty queue. Add that test too.',
            });
          }
        }
        if (node.text === 'SSL_OP_IGNORE_UNEXPECTED_EOF' && node.parent?.type !== 'preproc_defined' && node.parent?.type !== 'preproc_ifdef') {
          report({
            start: node.startIndex, end: node.endIndex, severity: 'info',
            message: 'SSL_OP_IGNORE_UNEXPECTED_EOF makes a connection closed without close_notify look like a clean close: a truncated response is then accepted as complete. Make sure the application protocol (Content-Length, framing) detects truncation.',
          });
        }
        return undefined;
      });
    }
  },
};
