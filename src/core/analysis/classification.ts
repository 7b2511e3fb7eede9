import type { Node } from 'web-tree-sitter';
import { constraintOn, type Fact } from './facts';
import type { FileContext, IoCall } from './fileContext';
import type { FunctionModel } from './functionModel';
import { callArgs, exprKey, stripExpr } from './syntax';

/** Whether `expr` holds a result of SSL_get_error() (the call itself or a variable assigned from it). */
export function isSslErrorValue(file: FileContext, model: FunctionModel, expr: Node): boolean {
  return file.originsOf(model, expr).some((o) => o.kind === 'call' && o.name === 'SSL_get_error');
}

/** The SSL_get_error() calls whose value `expr` holds. */
export function sslErrorCalls(file: FileContext, model: FunctionModel, expr: Node): Node[] {
  return file.originsOf(model, expr).filter((o) => o.kind === 'call' && o.name === 'SSL_get_error').map((o) => (o.kind === 'call' ? o.call : expr));
}

/** Whether the facts say SSL_get_error() returned `name` (e.g. SSL_ERROR_SYSCALL) here. */
export function factsSayError(file: FileContext, model: FunctionModel, facts: readonly Fact[], name: string): boolean {
  const isSubject = (n: Node) => isSslErrorValue(file, model, n);
  return facts.some((fact) => constraintOn(fact, isSubject).some((c) => c.op === '==' && c.name === name));
}

/**
 * Whether the code may be on a "system error" path: SSL_get_error() said SSL_ERROR_SYSCALL (or a switch's default
 * case that SSL_ERROR_SYSCALL falls into), or ERR_GET_LIB(e) == ERR_LIB_SYS.
 */
export function factsSaySystemError(file: FileContext, model: FunctionModel, facts: readonly Fact[]): boolean {
  if (factsSayError(file, model, facts, 'SSL_ERROR_SYSCALL')) return true;
  if (facts.some((f) => f.kind === 'default' && isSslErrorValue(file, model, f.subject) && !f.excluded.some((label) => stripExpr(label).text === 'SSL_ERROR_SYSCALL'))) return true;
  return facts.some((f) => f.kind === 'bool' && f.value && /\bERR_LIB_SYS\b|\bERR_SYSTEM_ERROR\b/.test(f.expr.text));
}

/** The I/O call an SSL_get_error(ssl, ret) call classifies: the origin of ret, or for ret 0 the nearest I/O on ssl. */
export function classifiedIo(file: FileContext, model: FunctionModel, getError: Node): IoCall | undefined {
  const [sslArg, retArg] = callArgs(getError);
  if (!sslArg || !retArg) return undefined;
  for (const origin of file.originsOf(model, retArg)) {
    if (origin.kind !== 'call') continue;
    const io = file.ioCall(model, origin.call);
    if (io) return io;
  }
  const site = model.cfgOf(getError);
  if (site === undefined) return undefined;
  const sslKey = exprKey(sslArg);
  const ioCalls = file.ioCalls(model).filter((c) => c.sslKey === sslKey);
  const ioNodes = new Set(ioCalls.map((c) => c.cfg));
  const before = model.cfg.reachable(site, (id) => ioNodes.has(id), 'pred');
  return ioCalls.find((c) => before.has(c.cfg) || (c.cfg === site && c.call.endIndex <= getError.startIndex && stripExpr(retArg).type !== 'call_expression'));
}
