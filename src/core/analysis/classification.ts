import type { SyntaxNode as Node } from './syntaxTree';
import type { Branch } from './cfg';
import { constraintOn, possibleNames, type Fact } from './facts';
import type { FileContext, IoCall } from './fileContext';
import type { FunctionModel } from './functionModel';
import { callArgs, exprKey, forEachDescendant, lvalueKey, stripExpr } from './syntax';

/** Whether `expr` holds a result of SSL_get_error() (the call itself or a variable assigned from it). */
export function isSslErrorValue(file: FileContext, model: FunctionModel, expr: Node): boolean {
  return file.originsOf(model, expr).some((o) => o.kind === 'call' && o.name === 'SSL_get_error');
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
  // The I/O call earlier in the same statement is the nearest one; otherwise any that reaches here with no other in between.
  const sameStatement = ioCalls.filter((c) => c.cfg === site && c.call.endIndex <= getError.startIndex && stripExpr(retArg).type !== 'call_expression').at(-1);
  return sameStatement ?? ioCalls.find((c) => before.has(c.cfg));
}

/** The values SSL_get_error() can return (SSL_get_error.pod). */
export const sslErrorNames = [
  'SSL_ERROR_NONE', 'SSL_ERROR_SSL', 'SSL_ERROR_WANT_READ', 'SSL_ERROR_WANT_WRITE', 'SSL_ERROR_WANT_X509_LOOKUP',
  'SSL_ERROR_SYSCALL', 'SSL_ERROR_ZERO_RETURN', 'SSL_ERROR_WANT_CONNECT', 'SSL_ERROR_WANT_ACCEPT', 'SSL_ERROR_WANT_ASYNC',
  'SSL_ERROR_WANT_ASYNC_JOB', 'SSL_ERROR_WANT_CLIENT_HELLO_CB', 'SSL_ERROR_WANT_RETRY_VERIFY',
];

/** On a branch: which SSL_get_error() results are still possible there, and the SSL_get_error() calls concerned. */
export function errorOutcomes(file: FileContext, model: FunctionModel, branch: Branch): { possible: Set<string>; getErrors: Node[] } | undefined {
  const isSubject = (n: Node) => isSslErrorValue(file, model, n);
  let possible: Set<string> | undefined;
  let subjects: Node[] = [];
  if (branch.kind === 'cond') {
    possible = possibleNames(branch.cond, branch.value, isSubject, sslErrorNames);
    forEachDescendant(branch.cond, (n) => {
      if (isSubject(n)) {
        subjects.push(n);
        return 'skip';
      }
      return undefined;
    });
  } else if (isSubject(branch.subject)) {
    subjects = [branch.subject];
    const labels = new Set((branch.kind === 'case' ? branch.labels : branch.excluded).map((l) => stripExpr(l).text));
    possible = new Set(sslErrorNames.filter((name) => labels.has(name) === (branch.kind === 'case')));
  }
  if (!possible) return undefined;
  const getErrors = subjects.flatMap((s) => file.originsOf(model, s)).flatMap((o) => (o.kind === 'call' && o.name === 'SSL_get_error' ? [o.call] : []));
  return { possible, getErrors };
}

export interface FatalBranch {
  readonly branch: number;
  /** The comparison or case label that detects the fatal error. */
  readonly anchor: Node;
  /** The SSL the classification is about (SSL_get_error's first argument). */
  readonly sslKey: string;
  readonly io: IoCall | undefined;
  /** Only SSL_ERROR_SSL/SYSCALL get here (not a catch-all that other outcomes share). */
  readonly specific: boolean;
}

/**
 * The branches taken when SSL_get_error() said SSL_ERROR_SYSCALL or SSL_ERROR_SSL: only those, or a catch-all
 * (a default case, an "anything but WANT_*" test) that both fall into.
 */
export function fatalBranches(file: FileContext, model: FunctionModel): FatalBranch[] {
  const result: FatalBranch[] = [];
  if (!model.calls().some((c) => c.name === 'SSL_get_error')) return result;
  for (const node of model.cfg.nodes) {
    if (!node.branch) continue;
    const outcomes = errorOutcomes(file, model, node.branch);
    if (!outcomes || outcomes.possible.size === 0) continue;
    const { possible } = outcomes;
    const onlyFatal = [...possible].every((n) => n === 'SSL_ERROR_SSL' || n === 'SSL_ERROR_SYSCALL');
    const catchAll = possible.has('SSL_ERROR_SSL') && possible.has('SSL_ERROR_SYSCALL') && !possible.has('SSL_ERROR_WANT_READ') && !possible.has('SSL_ERROR_WANT_WRITE');
    if (!onlyFatal && !catchAll) continue;
    const getError = outcomes.getErrors[0];
    const ssl = getError ? callArgs(getError)[0] : undefined;
    if (!getError || !ssl) continue;
    const branch = node.branch;
    const anchor = branch.kind === 'cond' ? branch.cond : branch.kind === 'case' ? branch.labels[0] ?? branch.subject : branch.subject;
    result.push({ branch: node.id, anchor, sslKey: exprKey(ssl), io: classifiedIo(file, model, getError), specific: onlyFatal });
  }
  // A catch-all whose fatal cases are also tested on their own is reported through those tests.
  return result.filter((f) => f.specific || !result.some((g) => g.specific && g.sslKey === f.sslKey));
}

/**
 * Whether some path from `from` to `to` passes an assignment to a variable that a condition on the way tests:
 * a state flag (`done = TRUE`, `ret = 0` before `while (ret < 0)`) the analysis cannot evaluate, so a
 * path it sees may not be taken. With `persistentOnly`, only plain assignments count: a
 * variable declared on the way is new on each iteration, and `i++`-style updates move a loop to its next item.
 */
export function flagGuardsPath(model: FunctionModel, from: number, to: number, persistentOnly = false): boolean {
  const forward = model.cfg.reachable(from, (id) => id === to);
  const backward = model.cfg.reachable(to, (id) => id === from, 'pred');
  const onPath = [...forward].filter((id) => backward.has(id) || id === to);
  const assigned = new Set(onPath.flatMap((id) => model.defsIn(id)).filter((d) => !persistentOnly || d.kind === 'assign').map((d) => d.key));
  if (assigned.size === 0) return false;
  return onPath.some((id) => {
    const node = model.cfg.node(id);
    if (node.kind !== 'cond' || !node.syntax) return false;
    let tested = false;
    forEachDescendant(node.syntax, (n) => {
      const key = lvalueKey(n);
      if (key !== undefined && assigned.has(key)) tested = true;
      return tested ? 'skip' : undefined;
    });
    return tested;
  });
}

/**
 * Whether some path from `from` to `to` assigns the SSL expression `sslKey` anew (`ssl = SSL_new(ctx)`, `SSL *s =
 * conns[i]`): the call at `to` then works on another connection than the one at `from`.
 */
export function renewedOnPath(model: FunctionModel, from: number, to: number, sslKey: string, stop: (id: number) => boolean = () => false): boolean {
  const forward = model.cfg.reachable(from, (id) => id === to || stop(id));
  if (!forward.has(to)) return false;
  const backward = model.cfg.reachable(to, (id) => id === from, 'pred');
  return [...forward].some((id) => backward.has(id) && model.defsIn(id).some((d) => d.key === sslKey && (d.kind === 'assign' || d.kind === 'init')));
}
