import * as assert from 'node:assert/strict';
import { ParsedDocument } from '../../../src/core/analysis/parser';
import { TreeCopy } from '../../../src/core/analysis/syntaxTree';
import { openSsl110, openSsl300, openSsl400, versionRangeAt } from '../../../src/core/analysis/versionGuards';

const source = `
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
void v3(void) { new_api(); }
#elif OPENSSL_VERSION_NUMBER >= 0x10100000L
void v11(void) { mid_api(); }
#else
void v10(void) { old_api(); }
#endif
#if !defined(LIBRESSL_VERSION_NUMBER) && OPENSSL_VERSION_NUMBER < 0x40000000L
void below4(void) { any_api(); }
#endif
#if defined(X) || OPENSSL_VERSION_NUMBER >= 0x30000000L
void unknown(void) { either_api(); }
#endif
void plain(void) { api(); }
`;

async function rangeOf(name: string, target: '1.1.1' | '3.x' | 'auto'): Promise<{ min: number; max: number }> {
  const doc = await ParsedDocument.create(source, 'c');
  try {
    // The rules see copied definitions (with their #if ancestors), not tree-sitter's nodes.
    const calls = new TreeCopy(doc.tree, source).definitions().flatMap((d) => d.node().descendantsOfType('call_expression'));
    const call = calls.find((c) => c.childForFieldName('function')?.text === name);
    assert.ok(call, name);
    return versionRangeAt(call, target);
  } finally {
    doc.dispose();
  }
}

suite('OPENSSL_VERSION_NUMBER guards', () => {
  test('#if, #elif and #else narrow the range', async () => {
    assert.deepEqual(await rangeOf('new_api', 'auto'), { min: openSsl300, max: Infinity });
    assert.deepEqual(await rangeOf('mid_api', 'auto'), { min: openSsl110, max: openSsl300 });
    assert.deepEqual(await rangeOf('old_api', 'auto'), { min: 0, max: openSsl110 });
  });

  test('a comparison joined with && still counts; one joined with || does not', async () => {
    assert.deepEqual(await rangeOf('any_api', 'auto'), { min: 0, max: openSsl400 });
    assert.deepEqual(await rangeOf('either_api', 'auto'), { min: openSsl300, max: Infinity });
  });

  test('the target version bounds unguarded code and empties branches built for another line', async () => {
    assert.deepEqual(await rangeOf('api', '1.1.1'), { min: 0x10101000, max: openSsl300 });
    const other = await rangeOf('new_api', '1.1.1');
    assert.ok(other.min >= other.max, 'a 3.x-only branch is empty for a 1.1.1 target');
  });
});
