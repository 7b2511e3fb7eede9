import type { SyntaxNode as Node } from '../syntaxTree';
import { localDeclarations } from '../localTypes';
import type { Rule } from '../rule';
import { calleeName, errCodeSources, forEachDescendant, lvalueKey, stripExpr } from '../syntax';

/** Types that cannot hold every packed code (3.x system errors set bit 31): signed or narrower than 32 bits unsigned. */
const narrow = /^(?:(?:signed\s+)?(?:int|short|char|long)(?:\s+int)?|short\s+int|long\s+int|int8_t|int16_t|int32_t|BOOL|DWORD32)$/;

export const errCodeNarrowed: Rule = {
  meta: {
    id: 'B2',
    name: 'err-code-narrowed',
    severity: 'warning',
    summary: 'An OpenSSL error code stored in a signed or narrower type',
    fixable: true,
    docs: {
      what: 'The result of ERR_get_error, ERR_peek_error, ERR_peek_last_error (or their _line/_data/_all forms) is stored in an int, long, short, char or int32_t variable.',
      why: 'These functions return unsigned long. In OpenSSL 3, system errors carry ERR_SYSTEM_FLAG (bit 31), so in a 32-bit signed type they become negative: `if (e < 0)` and `e > 0` checks misfire, and on platforms where long is 32 bits (Windows) the same happens to long.',
      bad: 'int e = ERR_peek_last_error();\nif (e < 0) { /* … */ }',
      good: 'unsigned long e = ERR_peek_last_error();',
      fix: 'Changes the variable\'s type to unsigned long (when the declaration declares only that variable).',
      references: ['ERR_get_error(3)', 'include/openssl/err.h (ERR_SYSTEM_FLAG)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      if (!model.calls().some((c) => errCodeSources.has(c.name))) continue;
      const locals = localDeclarations(model.definition);
      const check = (target: Node, value: Node) => {
        const call = stripExpr(value);
        const name = call.type === 'call_expression' ? calleeName(call) : undefined;
        if (!name || !errCodeSources.has(name)) return;
        const key = lvalueKey(target);
        const local = key === undefined ? undefined : locals.get(key);
        if (!local || local.isPointer || local.arrayLength !== undefined) return;
        const typeText = local.type.text.replace(/\s+/g, ' ').replace(/^std::/, '');
        if (!narrow.test(typeText)) return;
        report({
          start: value.startIndex, end: value.endIndex,
          message: `${name}() returns an unsigned long packed error code, but '${key}' is ${typeText}: OpenSSL 3 system errors (bit 31 set) turn negative and comparisons misfire. Declare it unsigned long.`,
          related: [{ start: local.declarator.startIndex, end: local.declarator.endIndex, message: `'${key}' is declared ${typeText} here` }],
          fixes: local.siblings === 1 ? [{ title: `Declare '${key}' as unsigned long`, edits: [{ start: local.type.startIndex, end: local.type.endIndex, newText: 'unsigned long' }], safe: true }] : [],
        });
      };
      forEachDescendant(model.body, (node) => {
        if (node.type === 'init_declarator') {
          const declarator = node.childForFieldName('declarator');
          const value = node.childForFieldName('value');
          if (declarator && value) check(declarator, value);
        } else if (node.type === 'assignment_expression' && node.childForFieldName('operator')?.text === '=') {
          const left = node.childForFieldName('left');
          const right = node.childForFieldName('right');
          if (left && right) check(left, right);
        }
        return undefined;
      });
    }
  },
};
