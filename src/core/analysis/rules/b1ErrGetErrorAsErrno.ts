import type { SyntaxNode as Node } from '../syntaxTree';
import type { FileContext } from '../fileContext';
import type { FunctionModel } from '../functionModel';
import type { Rule } from '../rule';
import { callArgs, calleeName, errCodeSources, forEachDescendant, lvalueKey, stripExpr } from '../syntax';

/** errno values code compares against (POSIX and Winsock names). */
const errnoMacro = /^(?:E(?:AGAIN|WOULDBLOCK|INTR|CONNRESET|PIPE|TIMEDOUT|CONNREFUSED|CONNABORTED|INPROGRESS|NOTCONN|HOSTUNREACH|NETUNREACH|NETDOWN|ADDRINUSE|BADF|INVAL|IO|NOMEM|ACCES|PERM|NOENT|ALREADY|MSGSIZE|NOBUFS|PROTO)|WSAE[A-Z]+)$/;
const errnoName = /errno|sys_?err/i;

/** The ERR_get_error-family call whose value `expr` holds, if any. */
function errCodeOrigin(file: FileContext, model: FunctionModel, expr: Node): Node | undefined {
  for (const origin of file.originsOf(model, expr)) if (origin.kind === 'call' && errCodeSources.has(origin.name)) return origin.call;
  return undefined;
}

/** `(ERR_GET_LIB(e) == ERR_LIB_SYS ? ERR_GET_REASON(e) : 0)`: the errno a 3.x (and 1.1.1) system error carries. */
function extractErrno(operand: Node): string {
  const expr = `ERR_GET_LIB(${operand.text}) == ERR_LIB_SYS ? ERR_GET_REASON(${operand.text}) : 0`;
  const parent = operand.parent;
  const standalone = parent?.type === 'argument_list' || (parent?.type === 'assignment_expression' && parent.childForFieldName('right')?.id === operand.id);
  return standalone ? expr : `(${expr})`;
}

export const errGetErrorAsErrno: Rule = {
  meta: {
    id: 'B1',
    name: 'err-get-error-as-errno',
    severity: 'error',
    summary: 'A packed OpenSSL error code (ERR_get_error) used as an errno value',
    fixable: true,
    docs: {
      what: 'A value from ERR_get_error, ERR_peek_error, ERR_peek_last_error (or their _line/_data/_all forms) is assigned to errno, passed to strerror, compared with an errno constant (EAGAIN, ECONNRESET…), stored in a variable named like errno or sys_err, or returned from a function named like errno.',
      why: 'ERR_get_error() returns a packed OpenSSL error code (library, reason, and in 3.x a system flag in bit 31), not an errno. strerror() of it prints "Unknown error 167772454", and comparisons with EAGAIN never match. The errno of a system error is ERR_GET_REASON(e) when ERR_GET_LIB(e) == ERR_LIB_SYS.',
      bad: 'int sys_errno = ERR_get_error();\nfprintf(stderr, "%s\\n", strerror(sys_errno));',
      good: 'unsigned long e = ERR_get_error();\nchar msg[256];\nERR_error_string_n(e, msg, sizeof msg);\nint os_err = (e && ERR_GET_LIB(e) == ERR_LIB_SYS) ? ERR_GET_REASON(e) : 0;',
      fix: 'Where the code wants an errno, replaces the value with (ERR_GET_LIB(e) == ERR_LIB_SYS ? ERR_GET_REASON(e) : 0), the errno carried by a system error.',
      references: ['ERR_get_error(3)', 'ERR_GET_LIB(3)', 'include/openssl/err.h (ERR_SYSTEM_FLAG)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      if (!model.calls().some((c) => errCodeSources.has(c.name))) continue;
      const sink = (operand: Node, what: string, fixable: boolean) => {
        const source = errCodeOrigin(file, model, operand);
        if (!source) return;
        const plain = lvalueKey(operand) !== undefined;
        report({
          start: operand.startIndex,
          end: operand.endIndex,
          message: `${what} receives the packed OpenSSL error code from ${calleeName(source) ?? 'ERR_get_error'}(), which is not an errno. Use ERR_error_string_n() to describe it, or ERR_GET_REASON(e) when ERR_GET_LIB(e) == ERR_LIB_SYS for the system errno.`,
          related: [{ start: source.startIndex, end: source.endIndex, message: 'the OpenSSL error code comes from here' }],
          fixes: fixable && plain ? [{ title: 'Extract the system errno from the OpenSSL error code', edits: [{ start: operand.startIndex, end: operand.endIndex, newText: extractErrno(operand) }], safe: false }] : [],
        });
      };
      const errnoReturning = errnoName.test(model.name);
      forEachDescendant(model.body, (node) => {
        switch (node.type) {
          case 'assignment_expression': {
            const left = node.childForFieldName('left');
            const right = node.childForFieldName('right');
            if (!left || !right || node.childForFieldName('operator')?.text !== '=') break;
            const key = lvalueKey(left);
            if (key === 'errno') sink(right, 'errno', true);
            else if (key !== undefined && errnoName.test(key.split(/->|\./).at(-1) ?? '')) sink(right, `'${key}'`, false);
            break;
          }
          case 'init_declarator': {
            const name = node.childForFieldName('declarator');
            const value = node.childForFieldName('value');
            if (name && value && errnoName.test(stripExpr(name).text.replace(/^\*+/, ''))) sink(value, `'${stripExpr(name).text}'`, false);
            break;
          }
          case 'call_expression': {
            const name = calleeName(node);
            const first = callArgs(node)[0];
            if (first && (name === 'strerror' || name === 'strerror_r' || name === 'strerror_l' || name === 'g_strerror')) sink(first, `${name}()`, true);
            break;
          }
          case 'binary_expression': {
            const op = node.childForFieldName('operator')?.text;
            const left = node.childForFieldName('left');
            const right = node.childForFieldName('right');
            if ((op !== '==' && op !== '!=') || !left || !right) break;
            const l = stripExpr(left);
            const r = stripExpr(right);
            if (r.type === 'identifier' && errnoMacro.test(r.text)) sink(left, `The comparison with ${r.text}`, true);
            else if (l.type === 'identifier' && errnoMacro.test(l.text)) sink(right, `The comparison with ${l.text}`, true);
            break;
          }
          case 'return_statement': {
            const value = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
            if (errnoReturning && value) sink(value, `The return value of ${model.name}()`, false);
            break;
          }
          default:
            break;
        }
      });
    }
  },
};
