import { LineIndex } from './positions';
import type { Finding, Rule, Severity } from './rule';

/** One linted file's findings with the text they refer to (positions are computed from it). */
export interface FileReport {
  readonly path: string;
  readonly text: string;
  readonly findings: readonly Finding[];
}

interface Region { startLine: number; startColumn: number; endLine: number; endColumn: number }

function region(index: LineIndex, start: number, end: number): Region {
  const a = index.position(start);
  const b = index.position(end);
  return { startLine: a.line + 1, startColumn: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
}

/** DESIGN.md's JSON: `{"version":1,"findings":[…],"stats":{"files","ms"}}`, lines and columns 1-based. */
export function toJson(reports: readonly FileReport[], stats: { files: number; ms: number }): string {
  const findings = reports.flatMap((report) => {
    const index = new LineIndex(report.text);
    return report.findings.map((f) => {
      const r = region(index, f.start, f.end);
      return {
        file: report.path, line: r.startLine, column: r.startColumn, endLine: r.endLine, endColumn: r.endColumn,
        ruleId: f.ruleId, severity: f.severity, message: f.message, fixable: f.fixes.length > 0,
      };
    });
  });
  return JSON.stringify({ version: 1, findings, stats }, null, 2);
}

/** gcc-style lines (`file:line:column: severity: message [id]`), which editors and CI logs link. */
export function toText(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    const index = new LineIndex(report.text);
    for (const f of report.findings) {
      const r = region(index, f.start, f.end);
      lines.push(`${report.path}:${r.startLine}:${r.startColumn}: ${f.severity}: ${f.message} [${f.ruleId}]`);
      for (const related of f.related) {
        const rr = region(index, related.start, related.end);
        lines.push(`${report.path}:${rr.startLine}:${rr.startColumn}: note: ${related.message}`);
      }
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

const sarifLevel: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

function fileUri(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/** SARIF 2.1.0 with the rule metadata and each finding's fixes as replacements. */
export function toSarif(reports: readonly FileReport[], rules: readonly Rule[], version: string): string {
  const ruleIndex = new Map(rules.map((rule, i) => [rule.meta.id, i]));
  const results = reports.flatMap((report) => {
    const index = new LineIndex(report.text);
    const location = (start: number, end: number) => ({ physicalLocation: { artifactLocation: { uri: fileUri(report.path) }, region: region(index, start, end) } });
    return report.findings.map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId),
      level: sarifLevel[f.severity],
      message: { text: f.message },
      locations: [location(f.start, f.end)],
      relatedLocations: f.related.map((r, id) => ({ id, ...location(r.start, r.end), message: { text: r.message } })),
      fixes: f.fixes.map((fix) => ({
        description: { text: fix.title },
        artifactChanges: [{
          artifactLocation: { uri: fileUri(report.path) },
          replacements: fix.edits.map((e) => ({ deletedRegion: region(index, e.start, e.end), insertedContent: { text: e.newText } })),
        }],
      })),
    }));
  });
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'openssl-doctor',
          version,
          rules: rules.map((rule) => ({
            id: rule.meta.id,
            name: rule.meta.name,
            shortDescription: { text: rule.meta.summary },
            fullDescription: { text: rule.meta.docs.what },
            help: { text: `${rule.meta.docs.why}\n\nFix: ${rule.meta.docs.fix}` },
            defaultConfiguration: { level: sarifLevel[rule.meta.severity] },
            properties: { fixable: rule.meta.fixable },
          })),
        },
      },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  }, null, 2);
}
