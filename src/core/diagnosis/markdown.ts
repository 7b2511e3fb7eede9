// The probe report as Markdown, for "Copy as Markdown": the same order as the panel (verdict and root cause,
// evidence, fixes, what OpenSSL reports, findings, parameters, chain, timeline). Network-supplied text is
// escaped so a certificate subject cannot inject links, HTML or table cells where the Markdown is pasted.
import type { ProbeReport } from '../probe/report';

/**
 * Escapes the CommonMark punctuation that could make links, HTML, emphasis or table cells, and flattens line breaks
 * and control characters: for one line of network-supplied text (knowledge/render.ts escapes whole explanations).
 */
export function escapeMarkdownInline(text: string): string {
  return [...text]
    .map((c) => (c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f) ? ' ' : c))
    .join('')
    .replace(/[\\`*_[\]|<>&~]/g, '\\$&');
}

const verdictLabel = { ok: 'OK', warn: 'Warning', fail: 'Failure' } as const;

export function reportToMarkdown(report: ProbeReport, settings: readonly string[] = []): string {
  const e = escapeMarkdownInline;
  const { target, diagnosis } = report;
  const lines: string[] = [];
  const list = (title: string, items: readonly string[]): void => {
    if (items.length === 0) return;
    lines.push('', `### ${title}`, '', ...items.map((item) => `- ${item}`));
  };
  lines.push(`## ${e(target.host)}:${target.port} — ${verdictLabel[report.verdict]}: ${e(diagnosis.title)}`);
  lines.push('', `**${diagnosis.id}** — ${e(diagnosis.summary)}`);
  list('Evidence', diagnosis.evidence.map(e));
  list('Fix', diagnosis.fixes.map((f) => `**${f.audience === 'server' ? 'Server' : 'Client'}:** ${e(f.text)}`));
  list('Other possible explanations', diagnosis.alternatives.map((a) => `**${a.id}** ${e(a.title)}: ${e(a.reason)}`));
  const o = diagnosis.openssl;
  list('What an OpenSSL 3 C client reports', [
    `${e(o.call)}${o.sslError ? ` → ${e(o.sslError)}` : ''}`,
    ...(o.errno ? [`errno ${e(o.errno)}`] : []),
    ...(o.errorQueue ? [e(o.errorQueue)] : []),
    ...(o.verifyResult ? [`SSL\\_get\\_verify\\_result() = ${e(o.verifyResult)}`] : []),
  ]);
  list('Findings', report.findings.map((f) => `${f.severity}: **${e(f.title)}** — ${e(f.detail)}`));
  const n = report.negotiated;
  const versions = Object.entries(report.versions).filter(([, support]) => support !== 'unknown').map(([name, support]) => `${name} ${support}`);
  list('Connection', [
    ...(n.version ? [`negotiated ${e(n.version)}${n.cipher ? ` ${e(n.cipher)}` : ''}${n.keyExchange ? `, ${e(n.keyExchange)}` : ''}`] : []),
    ...(n.alpn ? [`ALPN ${e(n.alpn)}`] : []),
    ...(versions.length > 0 ? [`versions: ${versions.join(', ')}`] : []),
    `close: ${e(report.close)}`,
    `SNI: ${target.servername ? e(target.servername) : 'none'}${target.address ? `; address ${e(target.address)}` : ''}${target.proxy ? `; via ${e(target.proxy)}` : ''}`,
  ]);
  if (report.chain) {
    const chain = report.chain;
    list(`Certificate chain (${chain.trust}${chain.anchor ? `, anchored at ${e(chain.anchor)}` : ''})`, chain.certificates.map((c, i) =>
      `${i}: ${e(c.subject)} — issuer ${e(c.issuer)}; valid ${e(c.notBefore)} to ${e(c.notAfter)}; ${e(c.key)}; names: ${c.names.length > 0 ? c.names.map(e).join(', ') : 'none'}`));
  }
  if (report.steps.length > 0) {
    lines.push('', '### Timeline', '', '| step | ms | outcome | detail |', '|---|---:|---|---|');
    for (const s of report.steps) lines.push(`| ${s.name} | ${s.ms} | ${e(s.outcome)} | ${e(s.detail)} |`);
  }
  list('Settings', settings.map(e));
  lines.push('', `${report.connections} connection(s), ${report.bytesRead} bytes read, ${report.ms} ms.`);
  return `${lines.join('\n')}\n`;
}
