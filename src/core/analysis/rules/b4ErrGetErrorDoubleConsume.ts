import type { SyntaxNode as Node } from '../syntaxTree';
import type { Rule } from '../rule';
import { calleeName, callsIn } from '../syntax';

const popping = new Set(['ERR_get_error', 'ERR_get_error_line', 'ERR_get_error_line_data', 'ERR_get_error_all']);

/** ERR_get_error() calls whose value is not stored (a stored one is consumed on purpose, e.g. a drain loop). */
function bareErrGets(root: Node): Node[] {
  return callsIn(root).filter((c) => popping.has(calleeName(c) ?? ''));
}

export const errGetErrorDoubleConsume: Rule = {
  meta: {
    id: 'B4',
    name: 'err-get-error-double-consume',
    severity: 'warning',
    summary: 'ERR_get_error() called twice expecting the same error',
    fixable: true,
    docs: {
      what: 'Two ERR_get_error() calls in one expression, or one in an if condition and another in its body, as if both returned the same error.',
      why: 'Each ERR_get_error() call removes the earliest error from the queue. The second call returns the next error, or 0 when there was only one, so the message printed is "error:00000000:lib(0)…" or belongs to a different failure.',
      bad: 'if (ERR_get_error() != 0)\n    fprintf(stderr, "%s\\n", ERR_error_string(ERR_get_error(), NULL));',
      good: 'unsigned long e = ERR_get_error();\nif (e != 0) {\n    char b[256];\n    ERR_error_string_n(e, b, sizeof b);\n    fprintf(stderr, "%s\\n", b);\n}',
      fix: 'Turns the test into ERR_peek_error(), which looks at the error without removing it, so the body\'s ERR_get_error() returns the same one.',
      references: ['ERR_get_error(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      if (!model.calls().some((c) => popping.has(c.name))) continue;
      const seen = new Set<number>();
      for (const node of model.cfg.nodes) {
        if (!node.syntax || (node.kind !== 'stmt' && node.kind !== 'cond')) continue;
        const calls = bareErrGets(node.syntax);
        const second = calls[1];
        if (second && !seen.has(second.id)) {
          seen.add(second.id);
          report({
            start: second.startIndex, end: second.endIndex,
            message: `ERR_get_error() is called twice in one expression: each call removes an error, so this one returns a different error (or 0). Store the first result in an unsigned long and reuse it.`,
            related: [{ start: calls[0]?.startIndex ?? 0, end: calls[0]?.endIndex ?? 0, message: 'the first ERR_get_error() call' }],
          });
        }
      }
      for (const statement of model.body.descendantsOfType('if_statement')) {
        const condition = statement?.childForFieldName('condition');
        const consequence = statement?.childForFieldName('consequence');
        if (!condition || !consequence) continue;
        const inCondition = bareErrGets(condition).filter((c) => c.parent?.parent?.type !== 'assignment_expression' && c.parent?.type !== 'assignment_expression' && c.parent?.type !== 'init_declarator');
        const first = inCondition[0];
        const inBody = bareErrGets(consequence)[0];
        if (!first || !inBody || seen.has(inBody.id)) continue;
        seen.add(inBody.id);
        report({
          start: inBody.startIndex, end: inBody.endIndex,
          message: 'The condition already removed an error with ERR_get_error(), so this call returns the next one (or 0), not the error that was tested. Store the first result, or test with ERR_peek_error().',
          related: [{ start: first.startIndex, end: first.endIndex, message: 'the error tested here is removed from the queue' }],
          fixes: [{ title: 'Test with ERR_peek_error() (does not remove the error)', edits: [{ start: first.startIndex, end: first.childForFieldName('function')?.endIndex ?? first.startIndex, newText: 'ERR_peek_error' }], safe: true }],
        });
      }
    }
  },
};
