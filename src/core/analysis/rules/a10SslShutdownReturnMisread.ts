import type { SyntaxNode as Node } from '../syntaxTree';
import { classifiedIo } from '../classification';
import { atomsOn, constraintOn, holds, type Atom } from '../facts';
import type { FileContext } from '../fileContext';
import { indentUnit, insertLineBefore, uniqueName } from '../fixText';
import type { FunctionModel } from '../functionModel';
import type { Fix, Rule, TextEdit } from '../rule';
import { callArgs, calleeName, callsIn, indentationAt, intLiteral, lineEnding, lvalueKey, stripExpr, within } from '../syntax';

/** The single test `r <= 0` (true for 0 and -1, not 1) that makes up the whole condition of `statement`, an `if`. */
function mixedCondition(statement: Node, isSubject: (n: Node) => boolean): Atom | undefined {
  const condition = statement.childForFieldName('condition');
  const value = condition?.type === 'condition_clause' ? condition.childForFieldName('value') : condition;
  if (!value || condition?.childForFieldName('initializer')) return undefined;
  const cond = stripExpr(value);
  const atoms = atomsOn(cond, isSubject, [-1, 0, 1]);
  const atom = atoms[0];
  return atoms.length === 1 && atom?.node.id === cond.id && atom.trueFor.has(0) && atom.trueFor.has(-1) && !atom.trueFor.has(1) ? atom : undefined;
}

/**
 * `if (r <= 0) BODY` becomes `if (r == 0) { TODO } else if (r < 0) BODY`. Not behaviour-preserving (0 no longer
 * runs BODY), so offered, not preferred. A result tested inline gets a local first, when the `if` is in a block.
 */
function splitFix(file: FileContext, model: FunctionModel, statement: Node, atom: Atom): Fix | undefined {
  const condition = statement.childForFieldName('condition');
  if (!condition) return undefined;
  const edits: TextEdit[] = [];
  let subject = stripExpr(atom.subject).text;
  if (lvalueKey(atom.subject) === undefined) {
    if (stripExpr(atom.subject).type !== 'call_expression' || statement.parent?.type !== 'compound_statement') return undefined;
    const name = uniqueName(model.definition.text, 'shutdown_ret');
    edits.push(insertLineBefore(file.text, statement, `int ${name} = ${subject};`));
    subject = name;
  }
  const indent = indentationAt(file.text, statement.startIndex);
  const eol = lineEnding(file.text);
  const todo = '/* TODO: 0 means close_notify was sent and the peer\'s has not arrived yet: not an error (call SSL_shutdown() again to wait for it) */';
  edits.push({ start: condition.startIndex, end: condition.endIndex, newText: `(${subject} == 0) {${eol}${indent}${indentUnit(file.text)}${todo}${eol}${indent}} else if (${subject} < 0)` });
  return { title: 'Split the test into == 0 (shutdown in progress) and < 0 (failure)', edits, safe: false };
}

/** The `if (r <= 0)` around `site` (in its consequence) that admits 0 as a failure. */
function enclosingMixedTest(site: Node, isSubject: (n: Node) => boolean): { statement: Node; atom: Atom } | undefined {
  for (let n = site.parent; n; n = n.parent) {
    if (n.type !== 'if_statement') continue;
    const consequence = n.childForFieldName('consequence');
    if (!consequence || !within(site, consequence)) continue;
    const atom = mixedCondition(n, isSubject);
    if (atom) return { statement: n, atom };
  }
  return undefined;
}

export const sslShutdownReturnMisread: Rule = {
  meta: {
    id: 'A10',
    name: 'ssl-shutdown-return-misread',
    severity: 'warning',
    summary: 'SSL_shutdown() returning 0 treated as an error',
    fixable: true,
    docs: {
      what: 'SSL_get_error() is called for an SSL_shutdown() result that may be 0, or `r <= 0` / `!r` is the only failure test of SSL_shutdown() before an error is reported.',
      why: 'SSL_shutdown() returns 0 when it sent close_notify and the peer\'s has not arrived yet: a normal step of a bidirectional shutdown, not an error. SSL_get_error() "should not get called, it may misleadingly indicate an error". Only a negative result is a failure.',
      bad: 'if (SSL_shutdown(s) <= 0) {\n    log_err(SSL_get_error(s, 0));\n}',
      good: 'int r = SSL_shutdown(s);\nif (r == 0) {\n    /* close_notify sent; optionally read until SSL_ERROR_ZERO_RETURN */\n} else if (r < 0) {\n    int e = SSL_get_error(s, r);\n    /* … */\n}',
      fix: 'When the whole condition is the `r <= 0`-style test, splits it into `if (r == 0) { /* TODO */ } else if (r < 0)` around the original body (a test of the call itself first stores the result in a local). Offered, not applied by fix-all: the 0 case no longer runs the error handling, and what it should do instead is the author\'s choice.',
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
        const test = enclosingMixedTest(site.node, isSubject);
        const fix = test ? splitFix(file, model, test.statement, test.atom) : undefined;
        report({
          start: site.node.startIndex, end: site.node.endIndex,
          message: 'SSL_get_error() is called for an SSL_shutdown() result that can be 0, which means "close_notify sent, waiting for the peer", not an error: SSL_get_error() then misleadingly reports one. Only classify a negative result.',
          related: [{ start: io.call.startIndex, end: io.call.endIndex, message: 'the SSL_shutdown() call' }],
          fixes: fix ? [fix] : [],
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
        if (!reportsError || !statement) continue;
        // Split off, the `< 0` branch is a failure test A0 wants classified: only offered when the body classifies it.
        const classified = callsIn(consequence).some((c) => file.classifies(calleeName(c) ?? ''));
        const atom = classified ? mixedCondition(statement, isSubject) : undefined;
        const fix = atom ? splitFix(file, model, statement, atom) : undefined;
        report({
          start: mixed.node.startIndex, end: mixed.node.endIndex,
          message: 'This test treats SSL_shutdown() returning 0 as a failure, but 0 means "close_notify sent, waiting for the peer\'s": the shutdown is in progress, not failed. Test < 0 for failure and handle 0 separately.',
          related: [{ start: io.call.startIndex, end: io.call.endIndex, message: 'the SSL_shutdown() call' }],
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
};
