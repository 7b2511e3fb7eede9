import { rememberingLast } from '../memo';
import type { SyntaxNode as Node } from './syntaxTree';

/** The TLS I/O functions of SSL_get_error.pod, whose result SSL_get_error classifies. */
export const ioFunctions = new Set([
  'SSL_read', 'SSL_read_ex', 'SSL_peek', 'SSL_peek_ex', 'SSL_write', 'SSL_write_ex',
  'SSL_connect', 'SSL_accept', 'SSL_do_handshake', 'SSL_shutdown',
]);
export const handshakeFunctions = new Set(['SSL_connect', 'SSL_accept', 'SSL_do_handshake']);
export const exFunctions = new Set(['SSL_read_ex', 'SSL_peek_ex', 'SSL_write_ex']);
/** Calls returning a packed OpenSSL error code (ERR_get_error.pod). */
export const errCodeSources = new Set([
  'ERR_get_error', 'ERR_peek_error', 'ERR_peek_last_error', 'ERR_get_error_line', 'ERR_get_error_line_data',
  'ERR_get_error_all', 'ERR_peek_error_line', 'ERR_peek_error_line_data', 'ERR_peek_error_all',
  'ERR_peek_last_error_line', 'ERR_peek_last_error_line_data', 'ERR_peek_last_error_all', 'ERR_get_error_data',
]);
/** Calls that empty the current thread's error queue. */
export const errClearFunctions = new Set(['ERR_clear_error', 'ERR_pop_to_mark', 'ERR_print_errors', 'ERR_print_errors_fp', 'ERR_print_errors_cb']);
/** The OpenSSL namespace prefixes (rules.md A5). */
export const openSslCallPattern = /^(?:SSL|SSL_CTX|ERR|X509|EVP|BIO|PEM|d2i|i2d|OSSL|OPENSSL|CRYPTO|ASN1|OCSP|RAND|TLS|DTLS|RSA|EC|DH|DSA|BN|HMAC|PKCS\d*)_/;
/** Functions that do not return. */
export const noReturnFunctions = new Set(['exit', '_exit', '_Exit', 'abort', 'quick_exit', 'longjmp', 'siglongjmp', 'err', 'errx', 'verr', 'verrx', '__builtin_unreachable', '__assert_fail', 'pthread_exit', 'ExitProcess', 'ExitThread']);

/** Removes parentheses, casts and comments around an expression. */
export function stripExpr(node: Node): Node {
  let current = node;
  for (;;) {
    if (current.type === 'parenthesized_expression' || current.type === 'cast_expression') {
      const inner = current.type === 'cast_expression' ? current.childForFieldName('value') : current.namedChildren.find((c) => c !== null && c.type !== 'comment') ?? null;
      if (!inner) return current;
      current = inner;
      continue;
    }
    return current;
  }
}

/** The name of the called function when it is a plain identifier (`SSL_read(…)`), else undefined. */
export function calleeName(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  const callee = stripExpr(fn);
  if (callee.type === 'identifier') return callee.text;
  if (callee.type === 'qualified_identifier') {
    const name = callee.childForFieldName('name');
    const scope = callee.childForFieldName('scope');
    // `::SSL_read(…)` is still the OpenSSL function, `std::strerror(…)` the C library's.
    if (name?.type === 'identifier' && (!scope || scope.text === 'std')) return name.text;
  }
  return undefined;
}

/** The arguments of a call, comments dropped. */
export function callArgs(call: Node): Node[] {
  const list = call.childForFieldName('arguments');
  if (!list) return [];
  return list.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

/**
 * A key for an lvalue the data-flow tracks: a local (`n`) or a simple field path (`p->ssl`, `c.fd`, `c->s->ssl`);
 * undefined for anything else (array elements, calls…).
 */
export function lvalueKey(node: Node): string | undefined {
  const expr = stripExpr(node);
  if (expr.type === 'identifier') return expr.text;
  if (expr.type === 'field_expression') {
    const base = expr.childForFieldName('argument');
    const field = expr.childForFieldName('field');
    const op = expr.childForFieldName('operator');
    if (!base || !field || !op) return undefined;
    const baseKey = lvalueKey(base);
    return baseKey === undefined ? undefined : `${baseKey}${op.text}${field.text}`;
  }
  if (expr.type === 'pointer_expression' && expr.childForFieldName('operator')?.text === '*') {
    const inner = expr.childForFieldName('argument');
    const key = inner ? lvalueKey(inner) : undefined;
    return key === undefined ? undefined : `*${key}`;
  }
  return undefined;
}

/** The textual identity of an `SSL*` expression: "same SSL" in rules.md means equal after stripping casts/parens. */
export function exprKey(node: Node): string {
  return lvalueKey(node) ?? stripExpr(node).text.replace(/\s+/g, '');
}

/** The lvalue an expression's value is stored in (`T x = e`, `x = e`), parentheses and casts skipped; else undefined. */
export function assignmentTarget(expr: Node): Node | undefined {
  const node = outermostWrapping(expr);
  const parent = node.parent;
  if (parent?.type === 'init_declarator' && parent.childForFieldName('value')?.id === node.id) return parent.childForFieldName('declarator') ?? undefined;
  if (parent?.type === 'assignment_expression' && parent.childForFieldName('operator')?.text === '=' && parent.childForFieldName('right')?.id === node.id) {
    return parent.childForFieldName('left') ?? undefined;
  }
  return undefined;
}

/** Whether `node` lies inside `ancestor` (or is it). */
export function within(node: Node, ancestor: Node): boolean {
  return node.startIndex >= ancestor.startIndex && node.endIndex <= ancestor.endIndex;
}

/** Walks `root` depth-first in source order, not entering nested function bodies (lambdas) or `skip`ped nodes. */
export function forEachDescendant(root: Node, visit: (node: Node) => void | 'skip'): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (visit(node) === 'skip') continue;
    if (node.type === 'lambda_expression' || node.type === 'function_definition') {
      if (node !== root) continue;
    }
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
}

/** The call expressions inside `root`, in source order (nested lambdas excluded). */
export function callsIn(root: Node): Node[] {
  const calls: Node[] = [];
  forEachDescendant(root, (node) => {
    if (node.type === 'call_expression') calls.push(node);
  });
  return calls;
}

/** Integer value of a literal (`0`, `-1`, `0x30000000L`), undefined when not a literal. */
export function intLiteral(node: Node): number | undefined {
  const expr = stripExpr(node);
  if (expr.type === 'number_literal') {
    const text = expr.text.replace(/[uUlL]+$/, '');
    const value = /^0[xX]/.test(text) ? parseInt(text, 16) : /^0[0-7]+$/.test(text) ? parseInt(text, 8) : Number(text);
    return Number.isFinite(value) ? value : undefined;
  }
  if (expr.type === 'unary_expression') {
    const op = expr.childForFieldName('operator')?.text;
    const arg = expr.childForFieldName('argument');
    const inner = arg ? intLiteral(arg) : undefined;
    if (inner === undefined) return undefined;
    if (op === '-') return -inner;
    if (op === '+') return inner;
  }
  if (expr.type === 'null' || expr.text === 'NULL' || expr.text === 'nullptr') return 0;
  if (expr.type === 'true') return 1;
  if (expr.type === 'false') return 0;
  return undefined;
}

/** Offset of the start of the line containing `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The line's leading whitespace at `offset`. */
export function indentationAt(text: string, offset: number): string {
  const lineStart = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))?.[0] ?? '';
}

/** The end-of-line sequence the file uses (fixes ask it of the same text many times: the last answer is kept). */
export const lineEnding = rememberingLast((text: string): string => (text.includes('\r\n') ? '\r\n' : '\n'));


/** The outermost expression that is just `node` wrapped in parentheses or casts (`(void)SSL_write(…)`). */
export function outermostWrapping(node: Node): Node {
  let current = node;
  while (current.parent?.type === 'parenthesized_expression' || current.parent?.type === 'cast_expression') current = current.parent;
  return current;
}

/** The statement an `if` runs when its condition `cond` comes out `value` (the consequence, or the else branch). */
export function branchStatement(cond: Node, value: boolean): Node | undefined {
  let statement = cond.parent;
  while (statement && (statement.type === 'parenthesized_expression' || statement.type === 'condition_clause')) statement = statement.parent;
  if (statement?.type !== 'if_statement') return undefined;
  if (value) return statement.childForFieldName('consequence') ?? undefined;
  return statement.childForFieldName('alternative')?.namedChildren.find((c) => c.type !== 'comment') ?? undefined;
}

/** The statement or conditional expression whose condition `node` is part of (through parentheses, `!`, `&&`, `||`). */
export function conditionOwner(node: Node): Node | null {
  let current = node;
  while (current.parent && (current.parent.type === 'parenthesized_expression' || current.parent.type === 'condition_clause'
    || (current.parent.type === 'unary_expression' && current.parent.childForFieldName('operator')?.text === '!')
    || (current.parent.type === 'binary_expression' && /^(?:&&|\|\|)$/.test(current.parent.childForFieldName('operator')?.text ?? '')))) current = current.parent;
  return current.parent;
}

/** Statements (and the C++ throw expression) that leave the current flow of control. */
export const jumpTypes = new Set(['return_statement', 'goto_statement', 'break_statement', 'continue_statement', 'throw_statement', 'throw_expression']);
