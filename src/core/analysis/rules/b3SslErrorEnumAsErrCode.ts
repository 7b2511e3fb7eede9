import type { SyntaxNode as Node } from '../syntaxTree';
import { isSslErrorValue } from '../classification';
import type { Fix, Rule } from '../rule';
import { callArgs, calleeName, errCodeSources, forEachDescendant, ioFunctions, stripExpr } from '../syntax';

/** Functions that decode a packed ERR code (their first argument). */
const errDecoders = new Set(['ERR_error_string', 'ERR_error_string_n', 'ERR_reason_error_string', 'ERR_lib_error_string', 'ERR_func_error_string', 'ERR_GET_LIB', 'ERR_GET_REASON', 'ERR_GET_FUNC']);

export const sslErrorEnumAsErrCode: Rule = {
  meta: {
    id: 'B3',
    name: 'ssl-error-enum-as-err-code',
    severity: 'error',
    summary: 'SSL_get_error() results, ERR codes and I/O return values confused',
    fixable: true,
    docs: {
      what: 'An SSL_get_error() result (a small SSL_ERROR_* number) is passed to ERR_error_string, ERR_reason_error_string, ERR_GET_LIB/REASON or X509_verify_cert_error_string; or a packed ERR code is compared with SSL_ERROR_* constants; or the raw return value of SSL_read/SSL_write/SSL_connect… is passed to ERR_error_string.',
      why: 'SSL_get_error() returns a category (SSL_ERROR_SYSCALL is 5), ERR_get_error() a packed code, and the I/O functions a byte count or -1/0/1. Decoding one as another prints nonsense like "error:00000005:lib(0)::reason(5)" and comparisons never match.',
      bad: 'int err = SSL_get_error(s, n);\nlog("%s", ERR_error_string(err, NULL));',
      good: 'int err = SSL_get_error(s, n);\nchar buf[256];\nERR_error_string_n(ERR_peek_last_error(), buf, sizeof buf);\nlog("SSL_get_error=%d: %s", err, buf);',
      fix: 'Replaces the argument with ERR_peek_last_error(), the packed code of the most recent error on the queue.',
      references: ['SSL_get_error(3)', 'ERR_error_string(3)', 'ERR_GET_LIB(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      const originName = (expr: Node) => file.originsOf(model, expr).map((o) => (o.kind === 'call' ? o.name : '')).find((n) => errCodeSources.has(n) || ioFunctions.has(n) || n === 'SSL_get_error');
      forEachDescendant(model.body, (node) => {
        if (node.type === 'call_expression') {
          const name = calleeName(node);
          const arg = callArgs(node)[0];
          if (!name || !arg || (!errDecoders.has(name) && name !== 'X509_verify_cert_error_string')) return;
          const source = originName(arg);
          const fixes: Fix[] = name === 'X509_verify_cert_error_string' ? [] : [{ title: 'Decode ERR_peek_last_error() instead', edits: [{ start: arg.startIndex, end: arg.endIndex, newText: 'ERR_peek_last_error()' }], safe: false }];
          if (source === 'SSL_get_error' || isSslErrorValue(file, model, arg)) {
            report({ start: arg.startIndex, end: arg.endIndex, fixes, message: `${name}() expects ${name === 'X509_verify_cert_error_string' ? 'a verification result (X509_V_ERR_*)' : 'a packed OpenSSL error code'}, but this is an SSL_get_error() category (SSL_ERROR_*). Decode ERR_peek_last_error() for the reason, and print the category separately.` });
          } else if (source && ioFunctions.has(source) && name !== 'X509_verify_cert_error_string') {
            report({ start: arg.startIndex, end: arg.endIndex, fixes, message: `${name}() is given the return value of ${source}() (a byte count or -1/0/1), not an error code. Decode ERR_peek_last_error() instead.` });
          }
        } else if (node.type === 'binary_expression') {
          const op = node.childForFieldName('operator')?.text;
          const left = node.childForFieldName('left');
          const right = node.childForFieldName('right');
          if ((op !== '==' && op !== '!=') || !left || !right) return;
          const [value, constant] = stripExpr(right).text.startsWith("SSL_ERROR_") ? [left, right] : [right, left];
          if (!/^SSL_ERROR_\w+$/.test(stripExpr(constant).text)) return;
          const source = originName(value);
          if (source && errCodeSources.has(source)) {
            report({ start: node.startIndex, end: node.endIndex, message: `A packed error code from ${source}() is compared with ${stripExpr(constant).text}, an SSL_get_error() category: they never match. Compare the result of SSL_get_error() instead.` });
          }
        }
        return undefined;
      });
    }
  },
};
