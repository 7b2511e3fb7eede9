// Renders a PanelModel: verdict and root cause first, then evidence and fixes, what an OpenSSL C client reports,
// findings, the timeline, the certificate chain and the connection parameters. Text only, through dom.ts.
import type { PanelModel, RenderedSummary, TimelineStep } from '../core/diagnosis/protocol';
import type { CertificateInfo, ProbeReport } from '../core/probe/report';
import { el, type Child } from './dom';

export type Action = 'rerun' | 'cancel' | 'copyMarkdown' | 'saveJson' | 'openLog';

const verdictText = { ok: 'OK', warn: 'Warning', fail: 'Failure' } as const;
const phaseText = { running: 'Diagnosing…', done: 'Done', failed: 'Could not run', cancelled: 'Cancelled' } as const;

function button(label: string, action: Action, secondary: boolean): HTMLElement {
  return el('vscode-button', { 'data-action': action, ...(secondary ? { secondary: '' } : {}) }, label);
}

function section(heading: string, id: string, ...children: Child[]): HTMLElement {
  return el('section', { 'aria-labelledby': id }, el('h3', { id }, heading), ...children);
}

function list(items: readonly Child[], className = ''): HTMLElement {
  return el('ul', className ? { class: className } : {}, ...items.map((item) => el('li', {}, item)));
}

/** A two-column table of facts; rows without a value are left out. */
function facts(rows: readonly (readonly [string, string | undefined])[], label: string): HTMLElement {
  return el('table', { class: 'facts', 'aria-label': label },
    el('tbody', {}, ...rows.filter((row): row is readonly [string, string] => row[1] !== undefined && row[1] !== '')
      .map(([name, value]) => el('tr', {}, el('th', { scope: 'row' }, name), el('td', {}, value)))));
}

/** A collapsible section; `section` names it across re-renders, so what the user folded stays folded. */
function collapsible(section: string, heading: string, open: boolean, ...children: Child[]): HTMLElement {
  return el('vscode-collapsible', { heading, 'data-section': section, ...(open ? { open: '' } : {}) }, el('div', { class: 'collapsible-body' }, ...children));
}

function header(model: PanelModel): HTMLElement {
  const running = model.phase === 'running';
  return el('header', {},
    el('div', { class: 'target' },
      el('h1', {}, model.target),
      el('vscode-badge', { class: `phase phase-${model.phase}` }, phaseText[model.phase])),
    el('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Diagnosis actions' },
      running ? button('Cancel', 'cancel', false) : button('Re-run', 'rerun', false),
      button('Copy as Markdown', 'copyMarkdown', true),
      button('Save as JSON', 'saveJson', true),
      button('Open probe log', 'openLog', true)));
}

function verdict(model: PanelModel): HTMLElement {
  const report = model.report;
  if (report) {
    const d = report.diagnosis;
    return el('section', { class: `verdict verdict-${report.verdict}`, 'aria-labelledby': 'headline' },
      el('p', { class: 'verdict-label' }, `${verdictText[report.verdict]} · `, el('code', {}, d.id)),
      el('h2', { id: 'headline' }, d.title),
      el('p', { class: 'summary' }, d.summary));
  }
  if (model.error !== undefined) {
    return el('section', { class: 'verdict verdict-fail', 'aria-labelledby': 'headline' },
      el('h2', { id: 'headline' }, 'The probe could not run'),
      el('p', { class: 'summary' }, model.error));
  }
  const current = [...model.timeline].reverse().find((s) => s.state === 'running') ?? model.timeline[model.timeline.length - 1];
  return el('section', { class: 'verdict verdict-running', 'aria-labelledby': 'headline' },
    el('div', { class: 'running' },
      model.phase === 'running' && el('vscode-progress-ring', { 'aria-label': 'Diagnosis in progress' }),
      el('h2', { id: 'headline' }, model.phase === 'cancelled' ? `Cancelled: ${model.target}` : `Diagnosing ${model.target}…`)),
    el('p', { class: 'summary', role: 'status', 'aria-live': 'polite' }, current ? current.detail : 'starting'));
}

function evidenceAndFixes(report: ProbeReport): HTMLElement[] {
  const d = report.diagnosis;
  const parts: HTMLElement[] = [];
  if (d.evidence.length > 0) parts.push(section('Evidence', 'evidence', list(d.evidence)));
  if (d.fixes.length > 0) {
    parts.push(section('Fix', 'fix', list(d.fixes.map((f) => el('span', {}, el('strong', {}, f.audience === 'server' ? 'Server: ' : 'Client: '), f.text)))));
  }
  if (d.alternatives.length > 0) {
    parts.push(section('Other possible explanations', 'alternatives',
      list(d.alternatives.map((a) => el('span', {}, el('strong', {}, `${a.title} `), el('code', {}, a.id), ` — ${a.reason}`)))));
  }
  const o = d.openssl;
  parts.push(section('What an OpenSSL 3 C client reports', 'openssl', facts([
    ['failing call', o.call], ['SSL_get_error()', o.sslError], ['errno', o.errno], ['error queue', o.errorQueue], ['SSL_get_verify_result()', o.verifyResult],
  ], 'What an OpenSSL 3 C client reports')));
  if (report.findings.length > 0) {
    parts.push(section('Findings', 'findings', list(report.findings.map((f) =>
      el('span', { class: `finding finding-${f.severity}` }, el('strong', {}, `${f.severity}: ${f.title}`), ` — ${f.detail}`)))));
  }
  return parts;
}

function timeline(steps: readonly TimelineStep[]): HTMLElement {
  return el('table', { class: 'timeline', 'aria-label': 'Timeline of probe steps' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'step'), el('th', { scope: 'col', class: 'ms' }, 'ms'), el('th', { scope: 'col' }, 'outcome'), el('th', { scope: 'col' }, 'detail'))),
    el('tbody', {}, ...steps.map((s) => el('tr', { class: `step-${s.state}` },
      el('td', {}, s.name),
      el('td', { class: 'ms' }, s.ms === undefined ? '…' : String(s.ms)),
      el('td', {}, s.outcome ?? 'running'),
      el('td', {}, s.detail)))));
}

function certificate(c: CertificateInfo, index: number): HTMLElement {
  const role = index === 0 ? 'leaf' : c.selfSigned ? 'root' : 'intermediate';
  return el('div', { class: 'certificate' },
    el('h4', {}, `${index} · ${role}`),
    facts([
      ['subject', c.subject], ['issuer', c.issuer], ['valid from', c.notBefore], ['valid until', c.notAfter],
      ['names', c.names.length > 0 ? c.names.join(', ') : 'none'], ['key', c.key], ['signature', c.signatureAlgorithm],
      ['serial', c.serialNumber], ['SHA-256', c.fingerprintSha256],
    ], `certificate ${index}`));
}

function chain(report: ProbeReport): HTMLElement | undefined {
  const c = report.chain;
  if (!c) return undefined;
  return collapsible('chain', `Certificate chain (${c.certificates.length}, ${c.trust})`, true,
    facts([['trust', c.trust], ['order', c.asSent ? 'as sent by the server' : 'as reported by the TLS library (TLS 1.3 hides the order sent)'], ['anchored at', c.anchor], ['host name', c.hostnameMatches ? 'matches' : 'does not match'], ['library verify error', c.libraryVerifyError]], 'chain trust'),
    ...c.certificates.map(certificate));
}

function connection(report: ProbeReport): HTMLElement {
  const n = report.negotiated;
  const t = report.target;
  return collapsible('connection', 'Connection: versions, cipher, ALPN', true,
    facts([
      ['protocol', n.version], ['cipher', n.cipher], ['key exchange', n.keyExchange], ['ALPN', n.alpn],
      ['close', report.close], ['SNI', t.servername ?? 'none'], ['addresses', t.addresses.join(', ')], ['address used', t.address], ['proxy', t.proxy],
      ['connections', String(report.connections)], ['bytes read', String(report.bytesRead)], ['total', `${report.ms} ms`],
    ], 'negotiated parameters'),
    el('table', { class: 'versions', 'aria-label': 'Protocol versions' },
      el('tbody', {}, ...Object.entries(report.versions).map(([name, support]) => el('tr', {}, el('th', { scope: 'row' }, name), el('td', { class: `support-${support}` }, support))))));
}

/** Replaces the contents of `root` with the rendering of `model`; returns what it shows, for the extension. */
export function render(root: HTMLElement, model: PanelModel): RenderedSummary {
  const report = model.report;
  const main = el('main', {},
    header(model),
    verdict(model),
    ...(report ? evidenceAndFixes(report) : []),
    model.timeline.length > 0 && collapsible('timeline', `Timeline (${model.timeline.length} steps)`, true, timeline(model.timeline)),
    report && chain(report),
    report && connection(report),
    model.settings.length > 0 && collapsible('settings', 'Settings used', false, list(model.settings)));
  // Keep what the user folded or unfolded, and where they scrolled, while updates stream in.
  const folded = new Map([...root.querySelectorAll('vscode-collapsible[data-section]')].map((c) => [c.getAttribute('data-section'), c.hasAttribute('open')]));
  for (const section of main.querySelectorAll('vscode-collapsible[data-section]')) {
    const open = folded.get(section.getAttribute('data-section'));
    if (open !== undefined) section.toggleAttribute('open', open);
  }
  const scroll = window.scrollY;
  root.replaceChildren(main);
  window.scrollTo(0, scroll);
  return {
    target: model.target,
    phase: model.phase,
    diagnosisId: report?.diagnosis.id,
    headline: main.querySelector('#headline')?.textContent ?? '',
    timelineRows: main.querySelectorAll('table.timeline tbody tr').length,
    certificates: main.querySelectorAll('.certificate').length,
  };
}
