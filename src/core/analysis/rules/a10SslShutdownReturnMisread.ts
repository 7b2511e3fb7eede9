import type { SyntaxNode as Node } from '../syntaxTree';
import { classifiedIo } from '../classification';
import { atomsOn, constraintOn, holds } from '../facts';
import type { Rule } from '../rule';
import { callArgs, intLiteral } from '../syntax';

export const sslShutdownReturnMisread: Rule = {
  meta: {
    id: 'A10',
    name: 'ssl-shutdown-return-misread',
    severity: 'warning',
    summary: 'SSL_shutdown() returning 0 treated as an error',
    fixable: false,
    docs: {
      what: 'SSL_get_error() is called for an SSL_shutdown() result that may be 0, or `r <= 0` / `!r` is the only failure test of SSL_shutdown() before an error is reported.',
      why: 'SSL_shutdown() returns 0 when it sent close_notify and the peer\'s has not arrived yet: a normal step of a bidirectional shutdown, not an error. SSL_get_error() "should not get called, it may misleadingly indicate an error". Only a negative result is a failure.',
      bad: 'if (SSL_shutdown(s) <= 0) {\n    log_err(SSL_get_error(s, 0));\n}',
      good: 'int r = SSL_shutdown(s);\nif (r == 0) {\n    /* close_notify sent; optionally read until SSL_ERROR_ZERO_RETURN */\n} else if (r < 0) {\n    int e = SSL_get_error(s, r);\n    /* … */\n}',
      fix: 'No automatic fix: split the test into == 0 (in progress) and < 0 (failure).',
      references: ['SSL_shutdown(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      const shutdowns = file.ioCalls(model).filter((c) => c.name === 'SSL_shutdown');
      if (shutdowns.length === 0) continue;
      const reported = new Set<number>();
      for (const site of model.callsNamed(new Set(['SSL_get_error']))) {
        const io = classifiedIo(file, model, site.node);
        if (io?.name !== 'SSL_shutdown') continue;
        // An explicit negative argument says the author established that the call failed (`SSL_get_error(s, -1)`).
        const ret = callArgs(site.node)[1];
        if (ret && (intLiteral(ret) ?? 0) < 0) continue;
        const isSubject = (n: Node) => file.holdsResultOf(model, n, io.call);
        // Together, the facts here (`r < 0`, or a switch default after `case 0:` and `case 1:`) may leave only negative values.
        const constraints = model.factsAt(site.node).flatMap((fact) => constraintOn(fact, isSubject)).filter((c) => c.value !== undefined);
        const possible = [-1, 0, 1].filter((v) => constraints.every((c) => holds(c.op, v, c.value ?? 0)));
        const negativeOnly = constraints.length > 0 && possible.every((v) => v < 0);
        if (negativeOnly) continue;
        reported.add(io.call.id);
        report({
          start: site.node.startIndex, end: site.node.endIndex,
          message: 'SSL_get_error() is called for an SSL_shutdown() result that can be 0, which means "close_notify sent, waiting for the peer", not an error: SSL_get_error() then misleadingly reports one. Only classify a negative result.',
          related: [{ start: io.call.startIndex, end: io.call.endIndex, message: 'the SSL_shutdown() call' }],
        });
      }
      for (const io of shutdowns) {
        if (reported.has(io.call.id)) continue;
        const isSubject = (n: Node) => file.holdsResultOf(model, n, io.call);
        const atoms = model.cfg.nodes.filter((n) => n.kind === 'cond' && n.syntax).flatMap((n) => (n.syntax ? atomsOn(n.syntax, isSubject, [-1, 0, 1]) : []));
        const splits = atoms.some((a) => a.trueFor.size === 1 && (a.trueFor.has(0) || a.trueFor.has(-1)));
        const mixed = atoms.find((a) => a.trueFor.has(0) && a.trueFor.has(-1) && !a.trueFor.has(1));
        if (!mixed || splits) continue;
        const statement = mixed.node.parent?.type === 'parenthesized_expression' ? mixed.node.parent.parent : mixed.node.parent;
        const consequence = statement?.type === 'if_statement' ? statement.childForFieldName('consequence') : null;
        const reportsError = consequence !== null && consequence !== undefined && /\breturn\s*-|\bgoto\b|err|fail|perror|print/i.test(consequence.text);
        if (!reportsError) continue;
        report({
          start: mixed.node.startIndex, end: mixed.node.endIndex,
          message: 'This test treats SSL_shutdown() returning 0 as a failure, but 0 means "close_notify sent, waiting for the peer\'s": the shutdown is in progress, not failed. Test < 0 for failure and handle 0 separately.',
          related: [{ start: io.call.startIndex, end: io.call.endIndex, message: 'the SSL_shutdown() call' }],
        });
      }
    }
  },
};
