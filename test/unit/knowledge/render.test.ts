import * as assert from 'node:assert/strict';
import { explainName } from '../../../src/core/knowledge/explainers';
import { explainText } from '../../../src/core/knowledge/explainText';
import { toHoverMarkdown, toPlainText, toReportSection } from '../../../src/core/knowledge/render';

suite('rendering', () => {
  test('Markdown starts with a compact line: the name and the summary', () => {
    const item = explainName('SSL_ERROR_SYSCALL');
    assert.ok(item);
    const [first] = toHoverMarkdown([item]).split('\n');
    assert.match(first ?? '', /^\*\*SSL\\_ERROR\\_SYSCALL\*\* — The TLS call failed below TLS/);
    assert.match(toHoverMarkdown([item]), /\*\*Usual causes\*\*[\s\S]*\*\*Fixes\*\*[\s\S]*\*\*Versions\*\*/);
  });

  test('text from the input cannot inject links, images or HTML', () => {
    const hostile = "fatal: unable to access 'https://h/```x``[x](command:workbench.action.quit)<img src=x onerror=alert(1)>![i](http://evil/)': curl: (60) SSL certificate problem: unable to get local issuer certificate [x](command:workbench.action.quit) <img src=x>";
    const items = explainText(hostile).items;
    assert.ok(items.length > 0);
    for (const markdown of [toHoverMarkdown(items), ...items.map((item, i) => toReportSection(item, i + 1))]) {
      // Code spans render literally; everywhere else nothing from the input may form a link, an image or a tag.
      const outsideCode = markdown.replace(/(`+)(?!`)[^\n]*?(?<!`)\1(?!`)/g, '');
      assert.doesNotMatch(outsideCode, /(?<!\\)\]\(/);
      assert.doesNotMatch(outsideCode, /(?<!\\)</);
    }
  });

  test('a hover over several items lists every headline before any details', () => {
    const items = explainText('curl: (56) OpenSSL SSL_read: SSL_ERROR_SYSCALL, errno 104').items;
    const [headlines, ...sections] = toHoverMarkdown(items).split('\n\n---\n\n');
    assert.deepEqual(headlines?.split('\n').map((l) => /^- \*\*(.+?)\*\* — /.exec(l)?.[1]), ['curl 56 \\(CURLE\\_RECV\\_ERROR\\)', 'SSL\\_ERROR\\_SYSCALL', 'ECONNRESET']);
    assert.equal(sections.length, 3);
    assert.match(sections[2] ?? '', /^\*\*ECONNRESET\*\*\n\n\*\*Usual causes\*\*/);
  });

  test('plain text lists causes, fixes and details', () => {
    const item = explainText('0A000126').items[0];
    assert.ok(item);
    const text = toPlainText(item);
    assert.match(text, /^SSL_R_UNEXPECTED_EOF_WHILE_READING \(openssl-error\)/);
    assert.match(text, /Usual causes:\n {4}1\. /);
    assert.match(text, /code: 0A000126 \| layout: 3\.x/);
  });
});
