import type { SyntaxNode as Node } from '../syntaxTree';
import { atomsOn } from '../facts';
import { handlingWindow, resultTests } from '../ioResults';
import type { Rule } from '../rule';
import { callArgs, lvalueKey, stripExpr, within } from '../syntax';

const sameSet = (a: ReadonlySet<number>, b: readonly number[]) => a.size === b.length && b.every((v) => a.has(v));

export const sslIoReturnConvention: Rule = {
  meta: {
    id: 'A3',
    name: 'ssl-io-return-convention',
    severity: 'warning',
    summary: 'Wrong interpretation of SSL_read/SSL_write/_ex return values',
    fixable: true,
    docs: {
      what: 'An _ex function\'s result (0 or 1) compared with < 0, <= -1 or == -1, a test that can never be true; or an SSL_read/SSL_peek/SSL_write result with separate branches for 0 ("EOF") and < 0 ("error"/"retry") and no SSL_get_error() to tell them apart; or the byte count out-parameter of an _ex call tested instead of its return value.',
      why: 'SSL_read_ex/SSL_write_ex return 1 or 0, never a negative value, so a `< 0` failure test is dead code and failures pass as success. For SSL_read/SSL_write the OpenSSL documentation says not to infer anything from 0 versus -1: both mean "call SSL_get_error()"; a 0 is not necessarily EOF and -1 not necessarily a retry.',
      bad: 'if (SSL_read_ex(ssl, buf, sz, &got) < 0) fail();\nint n = SSL_read(ssl, buf, sz);\nif (n == 0) eof(); else if (n < 0) retry();',
      good: 'if (!SSL_read_ex(ssl, buf, sz, &got)) {\n    switch (SSL_get_error(ssl, 0)) { /* … */ }\n}',
      fix: 'For _ex functions, rewrites the impossible comparison to == 0 (failure) or == 1 (success).',
      references: ['SSL_read(3)', 'SSL_write(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      for (const io of file.ioCalls(model)) {
        if (io.convention !== 'ex' && io.convention !== 'count') continue;
        const isSubject = (n: Node) => file.holdsResultOf(model, n, io.call);
        const domain = io.convention === 'ex' ? [0, 1] : [-1, 0, 1];
        const atoms = model.cfg.nodes.filter((n) => n.kind === 'cond' && n.syntax).flatMap((n) => (n.syntax ? atomsOn(n.syntax, isSubject, domain) : []));
        if (io.convention === 'ex') {
          // (c) The byte count written through the out-parameter tested instead of the return value.
          const outParam = callArgs(io.call)[3];
          const outKey = outParam && stripExpr(outParam).type === 'pointer_expression' ? lvalueKey(stripExpr(outParam).childForFieldName('argument') ?? outParam) : undefined;
          const resultTested = resultTests(file, model, io).length > 0;
          if (outKey !== undefined && !resultTested) {
            const countTest = model.cfg.nodes.find((n) => n.kind === 'cond' && n.syntax && model.cfg.reachable(io.cfg).has(n.id)
              && atomsOn(n.syntax, (x) => lvalueKey(x) === outKey && model.reachingDefs(x).some((d) => d.kind === 'address' && within(d.syntax, io.call)), [0, 1]).length > 0);
            if (countTest?.syntax) {
              report({
                start: countTest.syntax.startIndex, end: countTest.syntax.endIndex,
                message: `The byte count '${outKey}' written by ${io.name}() is tested instead of its return value: on failure the count is not meaningful (often left unchanged). Test the return value (0 is failure) and classify it with SSL_get_error(${io.ssl.text}, 0).`,
                related: [{ start: io.call.startIndex, end: io.call.endIndex, message: `${io.name}() returns 1 or 0` }],
              });
            }
          }
          for (const atom of atoms) {
            if (atom.trueFor.size !== 0 && atom.trueFor.size !== domain.length) continue;
            const replacement = `${atom.subject.text} ${atom.trueFor.size === 0 ? '== 0' : '== 1'}`;
            report({
              start: atom.node.startIndex, end: atom.node.endIndex, severity: 'error',
              message: `${io.name}() returns 1 on success and 0 on failure, never a negative value: this test is always ${atom.trueFor.size === 0 ? 'false, so failures pass as success' : 'true'}. Test == 0 for failure.`,
              related: [{ start: io.call.startIndex, end: io.call.endIndex, message: `the ${io.name}() call` }],
              fixes: [{ title: `Test ${replacement}`, edits: [{ start: atom.node.startIndex, end: atom.node.endIndex, newText: replacement }], safe: true }],
            });
          }
          continue;
        }
        const eof = atoms.find((a) => sameSet(a.trueFor, [0]));
        const negative = atoms.find((a) => sameSet(a.trueFor, [-1]));
        if (!eof || !negative) continue;
        const window = handlingWindow(file, model, io);
        const classified = model.calls().some((c) => window.has(c.cfg) && file.classifies(c.name));
        if (classified) continue;
        report({
          start: eof.node.startIndex, end: eof.node.endIndex,
          message: `${io.name}() returning 0 and returning < 0 are handled as different outcomes, but neither tells EOF from error or retry: only SSL_get_error(${io.ssl.text}, …) does. Classify the failure and branch on its result.`,
          related: [
            { start: negative.node.startIndex, end: negative.node.endIndex, message: 'the "negative result" branch' },
            { start: io.call.startIndex, end: io.call.endIndex, message: `the ${io.name}() call` },
          ],
        });
      }
    }
  },
};
