import { failureBranches } from '../fallible';
import { blockStart } from '../fixText';
import type { Fix, Rule } from '../rule';
import { branchStatement, calleeName, callsIn, forEachDescendant, lineEnding, openSslCallPattern } from '../syntax';

const exits = new Set(['return_statement', 'goto_statement', 'throw_statement', 'break_statement']);

export const errQueueLeakOnHandledFailure: Rule = {
  meta: {
    id: 'A7',
    name: 'err-queue-leak-on-handled-failure',
    severity: 'warning',
    summary: 'A tolerated OpenSSL failure leaves its errors on the queue',
    fixable: true,
    docs: {
      what: 'The failure branch of an OpenSSL call that leaves errors on the queue (d2i/PEM parsing, loading certificates or CA files, cipher and group lists…) carries on normally (continue, or falls through to the code after it) without ERR_clear_error(), draining ERR_get_error() or ERR_print_errors().',
      why: 'The errors stay queued on this thread and surface later in an unrelated place: the next SSL_get_error() on any connection served by this thread reports SSL_ERROR_SSL (curl 8ec241b: a failed d2i_X509 later broke SSL_connect; haproxy 8d71049, nginx 3d1e616 fixed the same).',
      bad: 'x = d2i_X509(NULL, &p, len);\nif (!x)\n    continue;                 /* error stays queued */',
      good: 'x = d2i_X509(NULL, &p, len);\nif (!x) {\n    ERR_clear_error();\n    continue;\n}',
      fix: 'Inserts ERR_clear_error(); at the start of the failure branch.',
      references: ['ERR_get_error(3)', 'SSL_get_error(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      const clearNodes = new Set(model.calls().filter((c) => file.clearsQueue(c.name)).map((c) => c.cfg));
      for (const failure of failureBranches(file, model)) {
        // Every way on from here empties the queue before the function ends: nothing leaks.
        if (!model.cfg.reachable(failure.branch.id, (id) => clearNodes.has(id)).has(model.cfg.exit)) continue;
        const value = failure.branch.branch?.kind === 'cond' && failure.branch.branch.value;
        const statement = branchStatement(failure.cond, value);
        if (!statement) continue;
        // Leaving the function or the loop hands the failure on: only a branch that carries on leaks.
        let leaves = false;
        let drains = false;
        let opaque = false;
        forEachDescendant(statement, (node) => {
          // Recording the failure (`ret = 0`, `c->failed = 1`) hands it on to whoever reads that.
          if (exits.has(node.type) || node.type === 'assignment_expression') leaves = true;
          return undefined;
        });
        for (const call of callsIn(statement)) {
          const name = calleeName(call) ?? '';
          // Raising an error of its own (OpenSSL's ERR_raise, the 1.1.1 XXXerr macros) reports the failure onwards.
          if (file.clearsQueue(name) || name === 'ERR_get_error' || file.noReturnNames().has(name) || /^(?:ERR_raise\w*|ERR_put_error|[A-Z0-9]+err)$/.test(name)) drains = true;
          else if (!openSslCallPattern.test(name) && file.summary(name) === undefined && !/^(?:printf|fprintf|puts|fputs|syslog|perror|snprintf|sprintf|free)$/.test(name)) opaque = true;
        }
        const continues = statement.type === 'continue_statement' || statement.descendantsOfType('continue_statement').length > 0;
        if (drains || opaque || (leaves && !continues)) continue;
        const fixes: Fix[] = [];
        const eol = lineEnding(file.text);
        if (statement.type === 'compound_statement') {
          const { offset, indent } = blockStart(file.text, statement);
          fixes.push({ title: 'Insert ERR_clear_error() in the failure branch', edits: [{ start: offset, end: offset, newText: `${eol}${indent}ERR_clear_error();` }], safe: true });
        } else {
          fixes.push({ title: 'Insert ERR_clear_error() in the failure branch', edits: [{ start: statement.startIndex, end: statement.endIndex, newText: `{ ERR_clear_error(); ${statement.text} }` }], safe: true });
        }
        report({
          start: failure.cond.startIndex, end: failure.cond.endIndex,
          message: `When ${failure.name}() fails, this branch carries on without emptying the error queue: its errors stay queued and make a later SSL_get_error() on this thread report SSL_ERROR_SSL. Call ERR_clear_error() (or log and drain the queue) in this branch.`,
          related: [{ start: failure.call.startIndex, end: failure.call.endIndex, message: `${failure.name}() leaves errors on the queue when it fails` }],
          fixes,
        });
      }
    }
  },
};
