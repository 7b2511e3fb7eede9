import { FileContext, type RawSummary } from './fileContext';
import { defaultLintOptions, type LintOptions } from './options';
import { languageFor, ParsedDocument, type SourceLanguage, type Tree } from './parser';
import { LineIndex } from './positions';
import type { Finding, Report, Rule, Severity } from './rule';
import { allRules } from './rules';
import { Suppressions } from './suppressions';
import type { DefinitionRef } from './syntaxTree';

/** A finding as a rule reported it, with offsets relative to the start of its function (kept between lints). */
interface KeptFinding {
  readonly ruleId: string;
  readonly finding: Omit<Finding, 'ruleId'>;
}

/**
 * What one document's previous lints computed, reused when a function's text and everything outside it that its
 * findings depend on (options, file facts, the summaries of the file's functions) are unchanged. The editor keeps
 * one per open document, so a keystroke re-analyses only the function it touched.
 */
export class LintCache {
  summaries = new Map<string, RawSummary>();
  /** What all kept findings depend on (options, file facts); when it changes, they are all dropped. */
  fingerprint = '';
  /** Per function text and the summaries of the functions it calls: its findings. */
  findings = new Map<string, KeptFinding[]>();
}

export interface LintResult {
  readonly findings: readonly Finding[];
  /** Why the file or parts of it were not analysed (too large, unreadable functions). */
  readonly notices: readonly string[];
}

/** The configured severity of a rule: by id, then by name, then its default; undefined when off. */
export function effectiveSeverity(rule: Rule, options: LintOptions, reported?: Severity): Severity | undefined {
  const setting = options.severities[rule.meta.id] ?? options.severities[rule.meta.name];
  if (setting === 'off') return undefined;
  return setting ?? reported ?? rule.meta.severity;
}

const shift = <T extends { start: number; end: number }>(item: T, by: number): T => ({ ...item, start: item.start + by, end: item.end + by });

function shiftFinding(finding: Omit<Finding, 'ruleId'>, by: number): Omit<Finding, 'ruleId'> {
  return {
    ...shift(finding, by),
    related: finding.related.map((r) => shift(r, by)),
    fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => shift(e, by)) })),
  };
}

/**
 * Runs every enabled rule over a parsed file. Rule failures are contained: one broken rule loses only its own
 * findings. With a cache, functions whose findings are known are not analysed again.
 */
export function lintTree(tree: Tree, text: string, language: SourceLanguage, options: LintOptions = defaultLintOptions, rules: readonly Rule[] = allRules, cache: LintCache = new LintCache()): LintResult {
  const notices: string[] = [];
  if (text.length > options.maxFileBytes) return tooLarge(text, options);
  const enabled = rules.filter((rule) => effectiveSeverity(rule, options) !== undefined);
  if (enabled.length === 0 || !FileContext.worthParsing(text, options)) return { findings: [], notices };
  const file = new FileContext(tree, text, language, options, cache.summaries);
  const fingerprint = `${enabled.map((r) => r.meta.id).join(',')}\u0000${file.fingerprint()}`;
  if (fingerprint !== cache.fingerprint) {
    cache.findings = new Map();
    cache.fingerprint = fingerprint;
  }
  const definitions = file.interestingDefinitions().map((definition) => ({ definition, key: `${definition.text}\u0000${file.calleeFingerprint(definition)}\u0000${file.tlsFingerprint(definition)}` }));
  const kept = new Map<string, KeptFinding[]>();
  const raw: Finding[] = [];
  const fresh = new Set<DefinitionRef>();
  for (const { definition, key } of definitions) {
    const known = cache.findings.get(key);
    if (known) {
      kept.set(key, known);
      for (const k of known) raw.push({ ruleId: k.ruleId, ...shiftFinding(k.finding, definition.startIndex) });
    } else {
      fresh.add(definition);
    }
  }
  file.analyse = (definition) => fresh.has(definition);
  const found: Finding[] = [];
  for (const rule of enabled) {
    const report = (r: Report) => {
      const severity = effectiveSeverity(rule, options, r.severity);
      if (severity) found.push({ ...r, ruleId: rule.meta.id, severity, related: r.related ?? [], fixes: r.fixes ?? [] });
    };
    try {
      rule.check(file, report);
    } catch (error) {
      notices.push(`rule ${rule.meta.id} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // Keep the new findings under the function they are in, relative to its start (one sweep over both, in order).
  if (notices.length === 0) {
    const byStart = [...found].sort((a, b) => a.start - b.start);
    let next = 0;
    for (const { definition, key } of [...definitions].sort((a, b) => a.definition.startIndex - b.definition.startIndex)) {
      while (next < byStart.length && (byStart[next]?.start ?? 0) < definition.startIndex) next++;
      const inside: KeptFinding[] = [];
      // A finding that points into another function (C2's callback, D3's SSL_new) would not move with it: not kept.
      let keepable = true;
      for (let i = next; i < byStart.length; i++) {
        const f = byStart[i];
        if (!f || f.start >= definition.endIndex) break;
        const { ruleId, ...finding } = f;
        keepable &&= pointsWithin(finding, definition);
        inside.push({ ruleId, finding: shiftFinding(finding, -definition.startIndex) });
      }
      if (fresh.has(definition) && keepable) kept.set(key, inside);
    }
  }
  cache.findings = kept;
  // Summaries of texts that no longer exist pile up while typing: start afresh now and then.
  if (cache.summaries.size > 2 * file.definitionCount + 100) cache.summaries = new Map();
  // C/D rules read every function, so they also report in functions whose findings were kept: dedupe drops those.
  raw.push(...found);
  const index = new LineIndex(text);
  const suppressions = new Suppressions(text, index);
  const metaById = new Map(rules.map((r) => [r.meta.id, r.meta]));
  const findings = raw.filter((f) => {
    const meta = metaById.get(f.ruleId);
    return meta !== undefined && !suppressions.isSuppressed(meta, index.position(f.start).line);
  });
  if (file.skippedFunctions.length > 0) {
    const names = file.skippedFunctions.slice(0, 5).join(', ') + (file.skippedFunctions.length > 5 ? ', …' : '');
    notices.push(`not analysed (syntax the parser could not read, or unsupported control flow): ${names}`);
  }
  findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return { findings: dedupe(findings), notices };
}

/** Whether everything a finding refers to (related locations, fix edits) lies inside `definition`. */
function pointsWithin(finding: Omit<Finding, 'ruleId'>, definition: DefinitionRef): boolean {
  const within = (r: { start: number; end: number }) => r.start >= definition.startIndex && r.end <= definition.endIndex;
  return finding.related.every(within) && finding.fixes.every((fix) => fix.edits.every(within));
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.start}:${f.end}:${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Parses and lints one text (the CLI and tests); the tree is freed afterwards. */
export async function lintText(text: string, fileName: string, options: LintOptions = defaultLintOptions, languageId?: string): Promise<LintResult> {
  if (text.length > options.maxFileBytes) return tooLarge(text, options);
  if (!FileContext.worthParsing(text, options)) return { findings: [], notices: [] };
  const document = await ParsedDocument.create(text, languageFor(fileName, text, languageId));
  try {
    return lintTree(document.tree, text, document.language, options);
  } finally {
    document.dispose();
  }
}

function tooLarge(text: string, options: LintOptions): LintResult {
  return { findings: [], notices: [`skipped: ${text.length} bytes is over the ${options.maxFileBytes}-byte limit (openssl-doctor.lint.maxFileSizeKB)`] };
}
