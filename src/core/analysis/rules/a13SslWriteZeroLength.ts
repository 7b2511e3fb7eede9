import { constraintOn } from '../facts';
import { indentUnit } from '../fixText';
import type { Fix, Rule } from '../rule';
import { callArgs, indentationAt, intLiteral, lineEnding, lvalueKey, stripExpr } from '../syntax';

export const sslWriteZeroLength: Rule = {
  meta: {
    id: 'A13',
    name: 'ssl-write-zero-length',
    severity: 'warning',
    summary: 'SSL_write() with a length of 0',
    fixable: true,
    docs: {
      what: 'SSL_write(ssl, buf, 0) with a literal 0, or with a length variable that was set to 0 on some path to the call and is not tested for 0 before it.',
      why: 'SSL_write() with num == 0 returns 0 and SSL_get_error() then reports an error ("You should not call SSL_write() with num=0"), so an empty write looks like a failed connection. SSL_write_ex() accepts 0.',
      bad: 'size_t used = 0;\nif (have_data) used = fill(buf);\nSSL_write(s, buf, (int)used);   /* used may be 0 */',
      good: 'if (used > 0)\n    rc = SSL_write(s, buf, (int)used);',
      fix: 'When the call is a statement of its own, wraps it in `if (len > 0)`; otherwise guard it by hand or use SSL_write_ex().',
      references: ['SSL_write(3) WARNINGS'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      for (const site of model.callsNamed(new Set(['SSL_write']))) {
        const length = callArgs(site.node)[2];
        if (!length) continue;
        const literal = intLiteral(length);
        if (literal === 0) {
          report({ start: length.startIndex, end: length.endIndex, message: 'SSL_write() with a length of 0 returns 0, which SSL_get_error() reports as an error. Skip the call when there is nothing to send, or use SSL_write_ex().' });
          continue;
        }
        const key = lvalueKey(length);
        if (key === undefined) continue;
        const defs = model.reachingDefs(stripExpr(length));
        const zeroDefs = defs.filter((d) => d.rhs !== null && intLiteral(d.rhs) === 0);
        // Set through a pointer (`f(&len)`) or changed in place: the analysis does not know the value.
        if (zeroDefs.length === 0 || defs.some((d) => d.kind === 'address' || d.kind === 'update')) continue;
        const guarded = model.factsAt(site.node).some((fact) => constraintOn(fact, (n) => lvalueKey(n) === key).some((c) => c.value !== undefined && (c.op === '!=' && c.value === 0 || c.op === '>' && c.value >= 0 || c.op === '>=' && c.value > 0 || c.op === '==' && c.value !== 0)));
        if (guarded) continue;
        const zero = zeroDefs[0];
        const statement = site.node.parent?.type === 'expression_statement' ? site.node.parent : undefined;
        const fixes: Fix[] = [];
        if (statement?.parent?.type === 'compound_statement') {
          const indent = indentationAt(file.text, statement.startIndex);
          fixes.push({ title: `Call SSL_write() only when '${key}' > 0`, edits: [{ start: statement.startIndex, end: statement.endIndex, newText: `if (${length.text} > 0)${lineEnding(file.text)}${indent}${indentUnit(file.text)}${statement.text}` }], safe: false });
        }
        report({
          start: length.startIndex, end: length.endIndex,
          message: `'${key}' can still be 0 here (set at the related location, not tested since), and SSL_write() with a length of 0 is reported as an error by SSL_get_error(). Test '${key}' > 0 first or use SSL_write_ex().`,
          related: zero ? [{ start: zero.syntax.startIndex, end: zero.syntax.endIndex, message: `'${key}' is set to 0 here` }] : [],
          fixes,
        });
      }
    }
  },
};
