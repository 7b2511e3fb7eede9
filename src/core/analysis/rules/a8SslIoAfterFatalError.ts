import type { SyntaxNode as Node } from '../syntaxTree';
import { fatalBranches, flagGuardsPath, renewedOnPath, type FatalBranch } from '../classification';
import type { FunctionModel } from '../functionModel';
import type { Fix, Rule } from '../rule';
import { branchStatement } from '../syntax';

/** Whether the function is declared to return a plain `int` (where -1 is the usual error result). */
function returnsInt(model: FunctionModel): boolean {
  return model.definition.childForFieldName('type')?.text === 'int' && model.definition.childForFieldName('declarator')?.type === 'function_declarator';
}

/** The `continue;` or `goto …;` that ends the fatal branch's statements and leads back to the I/O call. */
function retryJump(model: FunctionModel, fatal: FatalBranch): Node | undefined {
  const branch = model.cfg.node(fatal.branch).branch;
  let statements: Node[] = [];
  if (branch?.kind === 'cond') {
    const taken = branchStatement(branch.cond, branch.value);
    statements = taken?.type === 'compound_statement' ? taken.namedChildren : taken ? [taken] : [];
  } else if (branch?.kind === 'case' && fatal.anchor.parent?.type === 'case_statement') {
    statements = fatal.anchor.parent.namedChildren.filter((c) => c.id !== fatal.anchor.id);
  }
  const last = statements.filter((c) => c.type !== 'comment').at(-1);
  return last?.type === 'continue_statement' || last?.type === 'goto_statement' ? last : undefined;
}

function returnFix(model: FunctionModel, fatal: FatalBranch): Fix | undefined {
  const jump = returnsInt(model) ? retryJump(model, fatal) : undefined;
  if (!jump) return undefined;
  return {
    title: `Return -1 instead of ${jump.type === 'continue_statement' ? 'continue' : 'goto'} (the connection is broken)`,
    edits: [{ start: jump.startIndex, end: jump.endIndex, newText: 'return -1; /* TODO: SSL_ERROR_SYSCALL/SSL_ERROR_SSL are fatal: release the connection instead of retrying */' }],
    safe: false,
  };
}

export const sslIoAfterFatalError: Rule = {
  meta: {
    id: 'A8',
    name: 'ssl-io-after-fatal-error',
    severity: 'error',
    summary: 'Further TLS I/O after SSL_ERROR_SYSCALL or SSL_ERROR_SSL',
    fixable: true,
    docs: {
      what: 'After a branch where SSL_get_error() returned SSL_ERROR_SYSCALL or SSL_ERROR_SSL (or a default case they fall into), a path leads to another read, write or handshake call on the same SSL: typically a retry loop\'s continue or a goto back.',
      why: 'Both errors are fatal: "no further I/O operations should be performed on the connection". Retrying spins (haproxy 7e2e505 introduced an infinite loop this way, fixed in 4ac77a9) or operates on a connection in an undefined state.',
      bad: 'for (;;) {\n    n = SSL_read(s, b, sz);\n    if (n > 0) break;\n    e = SSL_get_error(s, n);\n    if (e == SSL_ERROR_SYSCALL && errno == 0) continue;\n}',
      good: 'if (e == SSL_ERROR_SYSCALL || e == SSL_ERROR_SSL) {\n    mark_broken(conn);\n    return -1;\n}',
      fix: 'In a function returning int, replaces the continue or goto that ends the fatal branch with return -1; and a TODO comment (offered, not applied by fix-all: the callers and the resources held decide how the connection must be given up). Otherwise no automatic fix: leave the connection (return an error, close it) instead of retrying.',
      references: ['SSL_get_error(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      const ioCalls = file.ioCalls(model);
      for (const fatal of fatalBranches(file, model)) {
        const reach = model.cfg.reachable(fatal.branch);
        const next = ioCalls.find((c) => c.sslKey === fatal.sslKey && c.name !== 'SSL_shutdown' && reach.has(c.cfg) && !flagGuardsPath(model, fatal.branch, c.cfg) && !renewedOnPath(model, fatal.branch, c.cfg, c.sslKey));
        if (!next) continue;
        const fix = returnFix(model, fatal);
        report({
          start: fatal.anchor.startIndex, end: fatal.anchor.endIndex,
          message: `After SSL_ERROR_SYSCALL or SSL_ERROR_SSL the connection is broken, but this path leads to ${next.name}() on ${next.ssl.text} again: no further I/O may be done on it. Give up on the connection instead of retrying.`,
          related: [
            { start: next.call.startIndex, end: next.call.endIndex, message: `${next.name}() is reached again` },
            ...(fatal.io ? [{ start: fatal.io.call.startIndex, end: fatal.io.call.endIndex, message: `the ${fatal.io.name}() call that failed` }] : []),
          ],
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
};
