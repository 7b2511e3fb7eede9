import * as assert from 'node:assert/strict';
import { escapeMarkdownInline, reportToMarkdown } from '../../../src/core/diagnosis/markdown';
import { sampleReport } from './sampleReport';

suite('diagnosis: report as Markdown', () => {
  test('verdict and root cause first, then every section of the panel', () => {
    const markdown = reportToMarkdown(sampleReport(), ['deadline 10000 ms']);
    const lines = markdown.split('\n');
    assert.match(lines[0] ?? '', /^## 127\.0\.0\.1:8443 — Failure: The certificate has expired$/);
    const order = ['### Evidence', '### Fix', '### Other possible explanations', '### What an OpenSSL 3 C client reports', '### Findings', '### Connection', '### Certificate chain', '### Timeline', '### Settings'];
    const positions = order.map((heading) => markdown.indexOf(heading));
    assert.ok(positions.every((p) => p > 0), `missing: ${order.filter((_, i) => (positions[i] ?? -1) < 0).join(', ')}`);
    assert.deepEqual([...positions].sort((a, b) => a - b), positions);
    assert.match(markdown, /\| tcp \| 1 \| connected \|/);
    assert.match(markdown, /X509\\_V\\_ERR\\_CERT\\_HAS\\_EXPIRED/);
  });

  test('network-supplied text cannot inject HTML, links or table cells', () => {
    const markdown = reportToMarkdown(sampleReport());
    assert.doesNotMatch(markdown, /(?<!\\)[<>]|(?<!\\)\]\(/, 'an unescaped angle bracket or link');
    assert.match(markdown, /\\<script\\>/);
    assert.equal(escapeMarkdownInline('a|b\nc'), 'a\\|b c');
    assert.equal(escapeMarkdownInline('[x](y)'), '\\[x\\](y)');
    assert.equal(escapeMarkdownInline('\u001b[31mred\u0085'), ' \\[31mred ');
  });

  test('a report without chain, steps or findings leaves those sections out', () => {
    const markdown = reportToMarkdown(sampleReport({ chain: undefined, steps: [], findings: [] }));
    assert.doesNotMatch(markdown, /### Certificate chain|### Timeline|### Findings/);
  });
});
