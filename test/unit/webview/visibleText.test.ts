import * as assert from 'node:assert/strict';
import { visibleText } from '../../../src/webview/visibleText';

suite('webview: visible text', () => {
  test('bidi overrides, isolates, marks and control characters become visible escapes', () => {
    assert.equal(visibleText('evil\u202Emoc.elgoog'), 'evil\\u202Emoc.elgoog');
    assert.equal(visibleText('a\u2066b\u2069c\u200Fd'), 'a\\u2066b\\u2069c\\u200Fd');
    assert.equal(visibleText('nul\u0000 esc\u001b[31m del\u007f c1\u0085 bom\uFEFF'), 'nul\\u0000 esc\\u001B[31m del\\u007F c1\\u0085 bom\\uFEFF');
  });

  test('ordinary text, markup characters, tabs, newlines and non-Latin scripts pass unchanged', () => {
    for (const text of ['<script>alert(1)</script>', 'CN=Zoo Root CA', 'line\none\ttab', 'пример.рф', 'مثال', '例え.jp', '']) {
      assert.equal(visibleText(text), text);
    }
  });
});
