// The probe report as plain text for a terminal: the verdict and root cause first, then evidence, fixes, what
// an OpenSSL C client sees, findings, negotiated parameters, the chain and the timeline.
import type { ProbeReport } from './report';

/** Network-supplied text (banners, certificate names) must not carry terminal control sequences. */
function clean(text: string): string {
  return [...text].map((c) => (c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f) ? '.' : c)).join('');
}

export function renderProbeText(report: ProbeReport): string {
  const lines: string[] = [];
  const { target, diagnosis } = report;
  const sni = target.servername ? `SNI ${target.servername}` : 'no SNI';
  lines.push(`openssl-doctor probe ${clean(target.host)}:${target.port} (${sni}${target.proxy ? `, via ${clean(target.proxy)}` : ''}${target.address && target.address !== target.host ? `, address ${target.address}` : ''})`);
  lines.push('');
  lines.push(`${report.verdict.toUpperCase()}  ${diagnosis.id}: ${diagnosis.title}`);
  lines.push(`  ${clean(diagnosis.summary)}`);
  const section = (title: string, items: readonly string[]): void => {
    if (items.length === 0) return;
    lines.push('', `${title}:`, ...items.map((item) => `  - ${clean(item)}`));
  };
  section('Evidence', diagnosis.evidence);
  section('Other possible explanations', diagnosis.alternatives.map((a) => `${a.id}: ${a.reason}`));
  section('Fix', diagnosis.fixes.map((f) => `${f.audience === 'server' ? 'server operator' : 'client'}: ${f.text}`));
  const o = diagnosis.openssl;
  section('What an OpenSSL 3 C client sees', [
    `${o.call}${o.sslError ? ` → ${o.sslError}` : ' fails'}`,
    ...(o.errno ? [`errno ${o.errno}`] : []),
    ...(o.errorQueue ? [o.errorQueue] : []),
    ...(o.verifyResult ? [`SSL_get_verify_result() = ${o.verifyResult}`] : []),
  ]);
  section('Findings', report.findings.map((f) => `[${f.severity}] ${f.title}: ${f.detail}`));
  const n = report.negotiated;
  if (n.version) lines.push('', `Negotiated: ${n.version}${n.cipher ? ` ${n.cipher}` : ''}${n.alpn ? `, ALPN ${n.alpn}` : ''}${n.keyExchange ? `, ${n.keyExchange}` : ''}; close: ${report.close}`);
  const versions = Object.entries(report.versions).filter(([, v]) => v !== 'unknown');
  if (versions.length > 0) lines.push(`Versions: ${versions.map(([name, v]) => `${name} ${v}`).join(', ')}`);
  if (report.chain) {
    lines.push('', `Certificate chain${report.chain.asSent ? ' as sent' : ''} (${report.chain.trust}${report.chain.anchor ? `, anchored at ${clean(report.chain.anchor)}` : ''}):`);
    report.chain.certificates.forEach((c, i) => {
      lines.push(`  ${i} ${clean(c.subject)}`);
      lines.push(`    issuer ${clean(c.issuer)}; valid ${c.notBefore.slice(0, 10)} → ${c.notAfter.slice(0, 10)}; ${c.key}; ${c.signatureAlgorithm}`);
      if (c.names.length > 0) lines.push(`    names ${clean(c.names.slice(0, 8).join(', '))}${c.names.length > 8 ? `, … (${c.names.length})` : ''}`);
    });
  }
  lines.push('', 'Steps:');
  const width = Math.max(...report.steps.map((s) => s.name.length), 4);
  for (const step of report.steps) lines.push(`  ${step.name.padEnd(width)} ${String(step.ms).padStart(6)} ms  ${clean(step.outcome)}  ${clean(step.detail)}`);
  lines.push('', `${report.connections} connection(s), ${report.bytesRead} bytes read, ${report.ms} ms`);
  return `${lines.join('\n')}\n`;
}
