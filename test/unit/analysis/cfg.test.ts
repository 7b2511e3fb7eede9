import * as assert from 'node:assert/strict';
import { FileContext } from '../../../src/core/analysis/fileContext';
import type { FunctionModel } from '../../../src/core/analysis/functionModel';
import { defaultLintOptions } from '../../../src/core/analysis/options';
import { ParsedDocument, type SourceLanguage } from '../../../src/core/analysis/parser';
import { forEachDescendant, lvalueKey } from '../../../src/core/analysis/syntax';
import type { SyntaxNode } from '../../../src/core/analysis/syntaxTree';

/** Builds the model of the only function in `body` (wrapped so the engine analyses it) and runs `check` on it. */
async function withModel(body: string, check: (model: FunctionModel, find: (text: string) => SyntaxNode) => void, language: SourceLanguage = 'c'): Promise<void> {
  const text = `int f(SSL *s, int x, int y)\n{\n    int n = SSL_read(s, 0, 1);\n${body}\n}\n`;
  const document = await ParsedDocument.create(text, language);
  try {
    const file = new FileContext(document.tree, text, language, defaultLintOptions);
    const model = file.functions()[0];
    assert.ok(model, `no model (skipped: ${file.skippedFunctions.join()})`);
    const find = (needle: string): SyntaxNode => {
      let found: SyntaxNode | undefined;
      forEachDescendant(model.body, (n) => {
        if (!found && n.type === 'expression_statement' && n.text.startsWith(needle)) found = n;
      });
      if (!found) throw new Error(`no statement ${needle}`);
      return found;
    };
    check(model, find);
  } finally {
    document.dispose();
  }
}

const cfgId = (model: FunctionModel, node: SyntaxNode) => {
  const id = model.cfgOf(node);
  assert.ok(id !== undefined);
  return id;
};
const facts = (model: FunctionModel, node: SyntaxNode) => model.factsAt(node).map((f) => (f.kind === 'bool' ? `${f.value ? '' : '!'}${f.expr.text}` : f.kind === 'case' ? `case ${f.labels.map((l) => l.text).join()}` : 'default'));

suite('control flow and data flow', () => {
  test('guards: an early return puts the rest of the function under the opposite test', async () => {
    await withModel('    if (n <= 0)\n        return -1;\n    a();\n    if (x && y) { b(); } else { c(); }', (model, find) => {
      assert.deepEqual(facts(model, find('a()')), ['!n <= 0']);
      assert.deepEqual(facts(model, find('b()')), ['x', 'y', '!n <= 0']);
      assert.deepEqual(facts(model, find('c()')), ['!n <= 0'], 'x && y false says nothing about x or y alone');
    });
  });

  test('switch: a case reached by fall-through is not guarded by its own label', async () => {
    await withModel('    switch (x) {\n    case 1:\n        a();\n    case 2:\n        b();\n        break;\n    default:\n        c();\n    }', (model, find) => {
      assert.deepEqual(facts(model, find('a()')), ['case 1']);
      assert.deepEqual(facts(model, find('b()')), [], 'reached from case 1 and case 2');
      assert.deepEqual(facts(model, find('c()')), ['default']);
    });
  });

  test('loops, goto and unreachable code', async () => {
    await withModel('    do { a(); if (x) continue; b(); } while (y);\n    goto out;\n    dead();\nout:\n    c();', (model, find) => {
      const a = cfgId(model, find('a()'));
      assert.ok(model.cfg.reachable(cfgId(model, find('b()'))).has(a), 'the do-while loops back');
      assert.ok(model.cfg.reachable(model.cfg.entry).has(cfgId(model, find('c()'))));
      assert.ok(!model.cfg.reachable(model.cfg.entry).has(cfgId(model, find('dead()'))), 'after goto nothing runs');
    });
  });

  test('C++: a throw in a try body reaches the handlers', async () => {
    await withModel('    try {\n        a();\n        if (x) throw 1;\n        b();\n    } catch (int e) {\n        c();\n    }\n    d();', (model, find) => {
      const handler = cfgId(model, find('c()'));
      assert.ok(model.cfg.reachable(cfgId(model, find('a()'))).has(handler));
      assert.ok(model.cfg.reachable(handler).has(cfgId(model, find('d()'))));
    }, 'cpp');
  });

  test('reaching definitions merge at joins and follow fields', async () => {
    await withModel('    struct c *p = get();\n    if (x) n = 1; else p->fd = n;\n    use(n, p->fd);', (model, find) => {
      const use = find('use(');
      const args: SyntaxNode[] = [];
      forEachDescendant(use, (node) => {
        if (node.parent?.type === 'argument_list') args.push(node);
      });
      const [nUse, fdUse] = args;
      assert.ok(nUse && fdUse);
      assert.deepEqual(model.reachingDefs(nUse).map((d) => d.syntax.text).sort(), ['n = 1', 'n = SSL_read(s, 0, 1)']);
      assert.equal(lvalueKey(fdUse), 'p->fd');
      assert.deepEqual(model.reachingDefs(fdUse).map((d) => d.syntax.text), ['p->fd = n']);
    });
  });
});
