// The diagnosis panel's per-keystroke and per-message costs: finding the endpoint under the cursor in a large C
// file (the code action runs on every cursor move), validating a model message with a full report (the webview
// and the panel serializer do it on every update), and turning a report into Markdown.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const out = path.resolve(import.meta.dirname, '../../out');
const { endpointLiteralAt } = require(path.join(out, 'src/core/diagnosis/endpointInCode.js'));
const { parseToWebview } = require(path.join(out, 'src/core/diagnosis/protocol.js'));
const { startedModel, withReport } = require(path.join(out, 'src/core/diagnosis/panelModel.js'));
const { reportToMarkdown } = require(path.join(out, 'src/core/diagnosis/markdown.js'));
const { sampleReport } = require(path.join(out, 'test/unit/diagnosis/sampleReport.js'));

function median(fn, runs = 50) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

const unit = [
  '/* a block comment with "quotes" and SSL_set1_host(ssl, "x.example.org") */',
  'static int connect_one(SSL *ssl, const char *name) {',
  '    if (!SSL_set_tlsext_host_name(ssl, name)) return -1; // "not.a.target"',
  '    printf("%s:%d\\n", name, 443);',
  '    return SSL_connect(ssl);',
  '}',
].join('\n');
const lines = 10_000;
const source = `${Array.from({ length: Math.ceil(lines / 6) }, () => unit).join('\n')}\nvoid last(SSL *s) { SSL_set_tlsext_host_name(s, "api.example.org"); }\n`;
const cursor = source.lastIndexOf('api.example');
const found = endpointLiteralAt(source, cursor)?.target;
if (found !== 'api.example.org:443') throw new Error(`unexpected result ${found}`);
console.log(`endpoint under the cursor, last line of a ${lines}-line C file (${(source.length / 1024).toFixed(0)} KiB): median ${median(() => endpointLiteralAt(source, cursor)).toFixed(2)} ms`);

const big = sampleReport();
const report = {
  ...big,
  diagnosis: { ...big.diagnosis, evidence: Array.from({ length: 200 }, (_, i) => `evidence line ${i} ${'x'.repeat(200)}`) },
  chain: { ...big.chain, certificates: Array.from({ length: 20 }, () => ({ ...big.chain.certificates[0], names: Array.from({ length: 500 }, (_, i) => `host${i}.example.org`) })) },
};
const message = JSON.parse(JSON.stringify({ type: 'model', model: withReport(startedModel('127.0.0.1:8443', [], 0), report) }));
const bytes = JSON.stringify(message).length;
if (!parseToWebview(message).ok) throw new Error('the large message does not validate');
console.log(`validate a model message with a large report (${(bytes / 1024).toFixed(0)} KiB, 20 certificates x 500 names): median ${median(() => parseToWebview(message)).toFixed(2)} ms`);
console.log(`report to Markdown, same report: median ${median(() => reportToMarkdown(report)).toFixed(2)} ms`);
