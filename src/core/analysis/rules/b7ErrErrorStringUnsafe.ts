import { layout, uniqueName } from '../fixText';
import { localDeclarations } from '../localTypes';
import type { Fix, Rule } from '../rule';
import { callArgs, indentationAt, intLiteral, lineEnding, lvalueKey } from '../syntax';

export const errErrorStringUnsafe: Rule = {
  meta: {
    id: 'B7',
    name: 'err-error-string-unsafe',
    severity: 'info',
    summary: 'ERR_error_string() with a NULL or short buffer (a warning in threaded code)',
    fixable: true,
    docs: {
      what: 'ERR_error_string(e, NULL), which returns a static buffer, or ERR_error_string(e, buf) with a buffer shorter than 256 bytes.',
      why: 'With NULL the text goes to a static buffer that another thread can overwrite while it is printed; with a short buffer ERR_error_string writes past its end (it assumes 256 bytes). ERR_error_string_n takes the buffer size.',
      bad: 'syslog(LOG_ERR, "%s", ERR_error_string(ERR_get_error(), NULL));',
      good: 'char b[256];\nERR_error_string_n(ERR_get_error(), b, sizeof b);\nsyslog(LOG_ERR, "%s", b);',
      fix: 'Declares a 256-byte buffer before the statement, fills it with ERR_error_string_n and uses it in place of the call.',
      references: ['ERR_error_string(3)'],
    },
  },
  check(file, report) {
    const { threaded } = file.facts;
    for (const model of file.functions()) {
      if (!model.calls().some((c) => c.name === 'ERR_error_string')) continue;
      const locals = localDeclarations(model.definition);
      for (const site of model.callsNamed(new Set(['ERR_error_string']))) {
        const [code, buffer] = callArgs(site.node);
        if (!code || !buffer) continue;
        const isNull = intLiteral(buffer) === 0;
        const key = lvalueKey(buffer);
        const length = key === undefined ? undefined : locals.get(key)?.arrayLength;
        if (!isNull && !(length !== undefined && length < 256)) continue;
        const fixes: Fix[] = [];
        const statement = site.node.parent?.type === 'argument_list' ? model.cfg.nodeOf(site.node)?.syntax : undefined;
        if (isNull && statement && statement.parent?.type === 'compound_statement' && (statement.type === 'expression_statement' || statement.type === 'return_statement')) {
          const name = uniqueName(model.body.text, 'err_buf');
          const indent = indentationAt(file.text, statement.startIndex);
          const eol = lineEnding(file.text);
          fixes.push({
            title: 'Use ERR_error_string_n with a local buffer',
            edits: [
              { start: statement.startIndex, end: statement.startIndex, newText: layout(`char ${name}[256];\nERR_error_string_n(${code.text}, ${name}, sizeof ${name});`, '', file.text).split(eol).join(eol + indent) + eol + indent },
              { start: site.node.startIndex, end: site.node.endIndex, newText: name },
            ],
            safe: false,
          });
        }
        report({
          start: site.node.startIndex, end: site.node.endIndex, severity: threaded ? 'warning' : 'info',
          message: isNull
            ? `ERR_error_string(e, NULL) returns a static buffer that is not thread-safe${threaded ? ' (this file uses threads)' : ''}. Use ERR_error_string_n(e, buf, sizeof buf) with a local buffer.`
            : `ERR_error_string() assumes a 256-byte buffer, but '${key}' has ${length}: it can write past the end. Use ERR_error_string_n(e, ${key}, sizeof ${key}).`,
          fixes,
        });
      }
    }
  },
};
