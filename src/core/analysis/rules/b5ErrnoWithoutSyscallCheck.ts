import type { SyntaxNode as Node } from '../syntaxTree';
import { factsSaySystemError } from '../classification';
import type { FileContext, IoCall } from '../fileContext';
import type { FunctionModel } from '../functionModel';
import { handlingWindow, resultTests } from '../ioResults';
import type { Fix, Rule } from '../rule';
import { calleeName, callArgs, forEachDescendant, lvalueKey } from '../syntax';

const formatters = new Set(['printf', 'fprintf', 'dprintf', 'syslog', 'vsyslog', 'snprintf', 'sprintf', 'err', 'errx', 'warn', 'warnx', 'vfprintf']);

interface ErrnoRead { node: Node; what: string; perror?: Node }

/** Reads of the system error in `root`: errno, SOCKERRNO, perror(), %m, WSAGetLastError() (writes to errno are not reads). */
function errnoReads(root: Node): ErrnoRead[] {
  const reads: ErrnoRead[] = [];
  forEachDescendant(root, (node) => {
    if (node.type === 'identifier' && (node.text === 'errno' || node.text === 'SOCKERRNO')) {
      const parent = node.parent;
      const written = parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.id === node.id;
      if (!written) reads.push({ node, what: node.text });
    } else if (node.type === 'call_expression') {
      const name = calleeName(node);
      if (name === 'perror') reads.push({ node, what: 'perror()', perror: node });
      else if (name === 'WSAGetLastError') reads.push({ node, what: 'WSAGetLastError()' });
      else if (name && formatters.has(name) && callArgs(node).some((a) => a.type === 'string_literal' && a.text.includes('%m'))) reads.push({ node, what: '%m' });
    }
    return undefined;
  });
  return reads;
}

/** `int saved = errno;`: the variable the read is saved into, if the read is exactly that. */
function savedInto(read: Node): Node | undefined {
  const parent = read.parent;
  if (parent?.type === 'init_declarator' && parent.childForFieldName('value')?.id === read.id) return parent.childForFieldName('declarator') ?? undefined;
  if (parent?.type === 'assignment_expression' && parent.childForFieldName('right')?.id === read.id) return parent.childForFieldName('left') ?? undefined;
  return undefined;
}

/** Whether every use of the variable a saved errno went into is on a system-error path. */
function savedUsesGuarded(file: FileContext, model: FunctionModel, read: Node, target: Node): boolean {
  const key = lvalueKey(target);
  if (key === undefined) return false;
  let guarded = true;
  forEachDescendant(model.body, (node) => {
    if (!guarded) return 'skip';
    if (node.startIndex <= read.startIndex || lvalueKey(node) !== key || node.type === 'field_expression') return undefined;
    const parent = node.parent;
    if (parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.id === node.id) return 'skip';
    const defs = model.reachingDefs(node);
    if (!defs.some((d) => d.syntax.id === read.parent?.id)) return 'skip';
    if (!factsSaySystemError(file, model, model.factsAt(node))) guarded = false;
    return 'skip';
  });
  return guarded;
}

export const errnoWithoutSyscallCheck: Rule = {
  meta: {
    id: 'B5',
    name: 'errno-without-syscall-check',
    severity: 'warning',
    summary: 'errno, perror or strerror(errno) used for a TLS failure not classified as SSL_ERROR_SYSCALL',
    fixable: true,
    docs: {
      what: 'After a TLS I/O call failed, errno is read (directly, through perror(), %m, strerror(errno) or WSAGetLastError()) on a path where SSL_get_error() has not returned SSL_ERROR_SYSCALL and ERR_GET_LIB(e) == ERR_LIB_SYS has not been checked. Saving errno right after SSL_get_error() and using the copy only for SSL_ERROR_SYSCALL is fine.',
      why: 'OpenSSL sets errno only for SSL_ERROR_SYSCALL. For a protocol error, a clean close or a retry, errno holds whatever an earlier system call left, typically 0, and the log says "Success" or an unrelated error.',
      bad: 'if (SSL_write(s, b, n) <= 0) {\n    perror("SSL_write");   /* prints "Success" */\n    return -1;\n}',
      good: 'int r = SSL_write(s, b, n);\nif (r <= 0) {\n    int e = SSL_get_error(s, r);\n    if (e == SSL_ERROR_SYSCALL)\n        fprintf(stderr, "SSL_write: %s\\n", strerror(errno));\n    else\n        ERR_print_errors_fp(stderr);\n    return -1;\n}',
      fix: 'Replaces perror(msg) with ERR_print_errors_fp(stderr), which prints what OpenSSL recorded.',
      references: ['SSL_get_error(3)', 'ERR_print_errors(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      const reported = new Set<number>();
      for (const io of file.ioCalls(model)) {
        const failures = resultTests(file, model, io).filter((t) => t.failure);
        if (failures.length === 0) continue;
        const window = handlingWindow(file, model, io);
        const region = new Set<number>();
        for (const test of failures) {
          region.add(test.branch.id);
          for (const id of model.cfg.reachable(test.branch.id, (id) => !window.has(id))) if (window.has(id)) region.add(id);
        }
        for (const id of region) {
          const syntax = model.cfg.node(id).syntax;
          if (!syntax) continue;
          for (const read of errnoReads(syntax)) {
            if (reported.has(read.node.id)) continue;
            if (factsSaySystemError(file, model, model.factsAt(read.node))) continue;
            const target = savedInto(read.node);
            if (target && savedUsesGuarded(file, model, read.node, target)) continue;
            reported.add(read.node.id);
            report(errnoFinding(io, read));
          }
        }
      }
    }
  },
};

function errnoFinding(io: IoCall, read: ErrnoRead) {
  const fixes: Fix[] = [];
  if (read.perror?.parent?.type === 'expression_statement') {
    fixes.push({ title: 'Print the OpenSSL error queue instead (ERR_print_errors_fp)', edits: [{ start: read.perror.startIndex, end: read.perror.endIndex, newText: 'ERR_print_errors_fp(stderr)' }], safe: false });
  }
  return {
    start: read.node.startIndex,
    end: read.node.endIndex,
    message: `${read.what} is used after ${io.name}() failed, but errno is only meaningful when SSL_get_error() returned SSL_ERROR_SYSCALL; for other failures it holds an unrelated value (often 0, "Success"). Check SSL_get_error() first and report the error queue for SSL_ERROR_SSL.`,
    related: [{ start: io.call.startIndex, end: io.call.endIndex, message: `the failed ${io.name}() call` }],
    fixes,
  };
}
