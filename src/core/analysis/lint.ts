import { factsMayDiffer, FileContext, type FileFacts, type RawSummary, type SummaryState } from './fileContext';
import { defaultLintOptions, type LintOptions } from './options';
import { languageFor, ParsedDocument, type ChangedRange, type SourceLanguage, type Tree } from './parser';
import { LineIndex } from './positions';
import type { Finding, Report, Rule, Severity } from './rule';
import { allRules } from './rules';
import { directivePrefix, Suppressions } from './suppressions';
import type { CarriedCopies, DefinitionRef, KnownDefinition } from './syntaxTree';
import { TlsSetup, type SetupReads } from './tlsSetup';

/** A finding as a rule reported it, with offsets relative to the start of its function (kept between lints). */
interface KeptFinding {
  readonly ruleId: string;
  readonly finding: Omit<Finding, 'ruleId'>;
}

/**
 * The findings kept for one function: for the C/D rules, with what they observed of the other functions' TLS setup
 * and the digest of that setup when they last held.
 */
interface KeptEntry {
  readonly findings: readonly KeptFinding[];
  readonly reads?: SetupReads;
  setupDigest?: string;
}

/** Kept findings by function text, then by what else they depend on (the context). */
type FindingsByText = Map<string, Map<string, KeptEntry>>;

/** The rules whose findings are kept under one kind of context, each group with its own cache. */
const ruleGroups = [{ readsTlsSetup: false }, { readsTlsSetup: true }] as const;

/**
 * What one document's previous lints computed, reused when a function's text and everything outside it that its
 * findings depend on (options, file facts, the summaries of the file's functions) are unchanged. The editor keeps
 * one per open document, so a keystroke re-analyses only the function it touched.
 */
export class LintCache {
  summaries = new Map<string, RawSummary>();
  /** What the last lint summarised of the file's functions. */
  fileSummaries: SummaryState | undefined;
  /** What all kept findings depend on (options, file facts); when it changes, they are all dropped. */
  fingerprint = '';
  /** Per rule group (ruleGroups): per function text, then per context (lintTree): its findings. */
  findings: FindingsByText[] = ruleGroups.map((): FindingsByText => new Map());
  /** The file as the last lint left it, for the next lint to carry over what an edit did not touch. */
  previous: PreviousLint | undefined;
  /** The document and revision of the last `lintDocument`, so the next one can ask what changed since. */
  seen: { readonly document: ParsedDocument; readonly revision: number } | undefined;
}

interface PreviousLint {
  readonly text: string;
  /** The definitions found, in text order. */
  readonly definitions: readonly KnownDefinition[];
  readonly facts: FileFacts;
}

/** The definition of an earlier lint that started at `startIndex` (binary search: they are in text order). */
function startingAt(definitions: readonly KnownDefinition[], startIndex: number): KnownDefinition | undefined {
  let low = 0;
  let high = definitions.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const definition = definitions[middle];
    if (!definition) return undefined;
    if (definition.startIndex === startIndex) return definition;
    if (definition.startIndex < startIndex) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

/** The span of the text the changes touched: before them `[start, oldEnd)`, after them `[start, newEnd)`. */
interface ChangedSpan {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/** The smallest span that holds every change (each given in the coordinates left by the one before). */
function changedSpan(changes: readonly ChangedRange[]): ChangedSpan | undefined {
  let start = Infinity;
  let end = -Infinity;
  let delta = 0;
  for (const change of changes) {
    const inserted = change.newLength;
    const shift = inserted - (change.oldEndOffset - change.startOffset);
    const mapped = (offset: number, fallback: number) => (offset <= change.startOffset ? offset : offset >= change.oldEndOffset ? offset + shift : fallback);
    start = Math.min(start === Infinity ? change.startOffset : mapped(start, change.startOffset), change.startOffset);
    end = Math.max(end === -Infinity ? change.startOffset + inserted : mapped(end, change.startOffset + inserted), change.startOffset + inserted);
    delta += shift;
  }
  return start === Infinity ? undefined : { start, oldEnd: end - delta, newEnd: end };
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
 * findings. With a cache, functions whose findings are known are not analysed again; with `changes` too (what
 * changed since the last lint with this cache), what the rest of the file says is carried over, not recomputed.
 */
export function lintTree(tree: Tree, text: string, language: SourceLanguage, options: LintOptions = defaultLintOptions, rules: readonly Rule[] = allRules, cache: LintCache = new LintCache(), changes?: readonly ChangedRange[]): LintResult {
  const notices: string[] = [];
  const previous = changes && cache.previous?.text.length === text.length - changes.reduce((sum, c) => sum + c.newLength - (c.oldEndOffset - c.startOffset), 0) ? cache.previous : undefined;
  cache.previous = undefined;
  if (text.length > options.maxFileBytes) return tooLarge(text, options);
  const enabled = rules.filter((rule) => effectiveSeverity(rule, options) !== undefined);
  if (enabled.length === 0 || !FileContext.worthParsing(text, options)) return { findings: [], notices };
  // What the edits changed, with the ranges where the tree changed beyond them.
  const region = previous && changes ? changedSpan(changes) ?? { start: 0, oldEnd: 0, newEnd: 0 } : undefined;
  const carried: CarriedCopies | undefined = previous && region ? {
    unchanged(startIndex, endIndex) {
      // A definition wholly before or after the changed region has the text and the tree it had, at an offset
      // shifted by the change. (Not just the text: after a syntax error nearby, tree-sitter may read the same text
      // differently, and a function that now parses cleanly must be analysed.)
      const shift = endIndex <= region.start ? 0 : startIndex >= region.newEnd ? region.newEnd - region.oldEnd : undefined;
      if (shift === undefined) return undefined;
      const before = startingAt(previous.definitions, startIndex - shift);
      return before?.endIndex === endIndex - shift ? before.memo : undefined;
    },
    edited(startIndex, endIndex) {
      // A definition that holds the changed region and starts where it did: its subtrees outside the region are
      // those tree-sitter kept.
      if (startIndex >= region.start || endIndex <= region.newEnd) return undefined;
      const before = startingAt(previous.definitions, startIndex);
      const copy = before?.endIndex === endIndex - (region.newEnd - region.oldEnd) ? before.memo.copy : undefined;
      return copy && { copy: copy.node, start: region.start - startIndex, oldEnd: region.oldEnd - startIndex, newEnd: region.newEnd - startIndex };
    },
    around() {
      const moved = region.newEnd - region.oldEnd;
      return {
        start: region.start,
        newEnd: region.newEnd,
        moved,
        before: previous.definitions.filter((d) => d.endIndex < region.start),
        after: previous.definitions.filter((d) => d.startIndex > region.oldEnd),
      };
    },
  } : undefined;
  const file = new FileContext(tree, text, language, options, cache.summaries, carried, cache.fileSummaries);
  cache.fileSummaries = file.summaryState;
  if (previous && region && !factsMayDiffer(previous.text, text, region)) file.adoptFacts(previous.facts);
  const fingerprint = `${enabled.map((r) => r.meta.id).join(',')}\u0000${file.fingerprint()}`;
  if (fingerprint !== cache.fingerprint) {
    cache.findings = ruleGroups.map((): FindingsByText => new Map());
    cache.fingerprint = fingerprint;
  }
  const raw: Finding[] = [];
  const found: Finding[] = [];
  // Findings depend on the function's text, the #if branches around it and the summaries of the file's functions
  // it calls; for the rules that read the file's TLS setup (RuleMeta.readsTlsSetup), also on what they observed of
  // the other functions (lintSetupFunctions).
  const contexts = file.interestingDefinitions().map((definition) => ({ definition, context: `${definition.guards}\u0000${file.calleeFingerprint(definition)}` }));
  const kept = ruleGroups.map((group, index) => {
    const known = cache.findings[index] ?? new Map<string, Map<string, KeptEntry>>();
    const groupRules = enabled.filter((r) => (r.meta.readsTlsSetup === true) === group.readsTlsSetup);
    if (group.readsTlsSetup) return lintSetupFunctions(file, contexts, known, groupRules, raw, found, notices);
    const fresh = new Set<DefinitionRef>();
    for (const { definition, context } of contexts) {
      const entry = known.get(definition.text)?.get(context);
      if (!entry) fresh.add(definition);
      else raw.push(...placed(entry, definition));
    }
    file.analyse = (definition) => fresh.has(definition);
    const groupFound = runRules(file, groupRules, notices);
    found.push(...groupFound);
    return notices.length === 0 ? keepFindings(contexts, fresh, groupFound, known) : new Map<string, Map<string, KeptEntry>>();
  });
  cache.findings = kept;
  file.release();
  // Summaries of texts that no longer exist pile up while typing: start afresh now and then.
  if (cache.summaries.size > 2 * file.definitionCount + 100) cache.summaries = new Map();
  cache.previous = {
    text,
    definitions: file.definitions(),
    facts: file.facts,
  };
  raw.push(...found);
  const findings = text.includes(directivePrefix) ? unsuppressed(raw, text, rules) : raw;
  if (file.skippedFunctions.length > 0) {
    const names = file.skippedFunctions.slice(0, 5).join(', ') + (file.skippedFunctions.length > 5 ? ', …' : '');
    notices.push(`not analysed (syntax the parser could not read, or unsupported control flow): ${names}`);
  }
  findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return { findings: dedupe(findings), notices: [...new Set(notices)] };
}

/** Runs rules over the functions the file context analyses now (rule failures become notices). */
function runRules(file: FileContext, rules: readonly Rule[], notices: string[]): Finding[] {
  const found: Finding[] = [];
  for (const rule of rules) {
    const report = (r: Report) => {
      const severity = effectiveSeverity(rule, file.options, r.severity);
      if (severity) found.push({ ...r, ruleId: rule.meta.id, severity, related: r.related ?? [], fixes: r.fixes ?? [] });
    };
    try {
      rule.check(file, report);
    } catch (error) {
      notices.push(`rule ${rule.meta.id} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return found;
}

/** A kept entry's findings at the definition's place now. */
function placed(entry: KeptEntry, definition: DefinitionRef): Finding[] {
  return entry.findings.map((k) => ({ ruleId: k.ruleId, ...shiftFinding(k.finding, definition.startIndex) }));
}

/**
 * The C/D rules, function by function: each TLS setup function is analysed alone while the TLS setup records what
 * its findings observe of the others (TlsSetup.observe). Its kept findings hold while the setup digest is unchanged,
 * or else while every observation has its value again, so an edit in one setup function re-checks only the
 * functions that read it. (Functions without a setup call have no C/D findings.)
 */
function lintSetupFunctions(file: FileContext, contexts: readonly { definition: DefinitionRef; context: string }[], known: FindingsByText, rules: readonly Rule[],
  raw: Finding[], found: Finding[], notices: string[]): FindingsByText {
  const kept: FindingsByText = new Map();
  const keep = (text: string, context: string, entry: KeptEntry) => kept.set(text, (kept.get(text) ?? new Map<string, KeptEntry>()).set(context, entry));
  for (const { definition, context: base } of contexts) {
    if (!file.setsUpTls(definition)) continue;
    const context = `${base}\u0000${file.tlsContext(definition)}`;
    const setupDigest = file.setupDigest();
    // A definition with the same text met earlier in this lint has the same findings.
    const entry = kept.get(definition.text)?.get(context) ?? known.get(definition.text)?.get(context);
    if (entry && (entry.setupDigest === setupDigest || (entry.reads && TlsSetup.of(file).holds(entry.reads)))) {
      raw.push(...placed(entry, definition));
      entry.setupDigest = setupDigest;
      // The map of the function's text is kept as it is (not copied) while this lint has not put anything in it.
      const byContext = known.get(definition.text);
      if (byContext?.get(context) === entry && !kept.has(definition.text)) kept.set(definition.text, byContext);
      else keep(definition.text, context, entry);
      continue;
    }
    file.analyseOnly(definition);
    const setup = TlsSetup.of(file);
    const failures = notices.length;
    setup.startRecording();
    const findings = runRules(file, rules, notices);
    const reads = setup.stopRecording();
    found.push(...findings);
    // A finding that lies or points outside the function (C2's callback) would not move with it: not kept.
    if (notices.length === failures && findings.every((f) => f.start >= definition.startIndex && f.end <= definition.endIndex && pointsWithin(f, definition))) {
      keep(definition.text, context, { findings: findings.map(({ ruleId, ...finding }) => ({ ruleId, finding: shiftFinding(finding, -definition.startIndex) })), reads, setupDigest });
    }
  }
  return kept;
}

/**
 * The findings to keep for the next lint: those known before for functions not analysed again, and the new ones
 * under the function they are in, relative to its start (one sweep over both, in order).
 */
function keepFindings(definitions: readonly { definition: DefinitionRef; context: string }[], fresh: ReadonlySet<DefinitionRef>, found: readonly Finding[], known: FindingsByText): FindingsByText {
  const kept: FindingsByText = new Map();
  const byStart = [...found].sort((a, b) => a.start - b.start);
  let next = 0;
  // The definitions come in text order.
  for (const { definition, context } of definitions) {
    if (!fresh.has(definition)) {
      // Its findings stay as they were: the same map is kept (not copied), with the contexts it had.
      const byContext = known.get(definition.text);
      if (byContext?.has(context) && !kept.has(definition.text)) kept.set(definition.text, byContext);
      continue;
    }
    while (next < byStart.length && (byStart[next]?.start ?? 0) < definition.startIndex) next++;
    const inside: KeptFinding[] = [];
    // A finding that points into another function (A9's shutdown in a close function) would not move with it: not kept.
    let keepable = true;
    for (let i = next; i < byStart.length; i++) {
      const f = byStart[i];
      if (!f || f.start >= definition.endIndex) break;
      const { ruleId, ...finding } = f;
      keepable &&= pointsWithin(finding, definition);
      inside.push({ ruleId, finding: shiftFinding(finding, -definition.startIndex) });
    }
    if (keepable) kept.set(definition.text, (kept.get(definition.text) ?? new Map<string, KeptEntry>()).set(context, { findings: inside }));
  }
  return kept;
}

/** The findings that no suppression comment silences. */
function unsuppressed(raw: Finding[], text: string, rules: readonly Rule[]): Finding[] {
  const index = new LineIndex(text);
  const suppressions = new Suppressions(text, index);
  const metaById = new Map(rules.map((r) => [r.meta.id, r.meta]));
  return raw.filter((f) => {
    const meta = metaById.get(f.ruleId);
    return meta !== undefined && !suppressions.isSuppressed(meta, index.position(f.start).line);
  });
}

/**
 * Lints a kept document; the cache remembers which revision it saw, so the next lint carries over what the edits
 * since then did not touch.
 */
export function lintDocument(document: ParsedDocument, options: LintOptions = defaultLintOptions, rules: readonly Rule[] = allRules, cache: LintCache = new LintCache()): LintResult {
  const changes = cache.seen?.document === document ? document.changedRegionsSince(cache.seen.revision) : undefined;
  cache.seen = { document, revision: document.revision };
  return lintTree(document.tree, document.text, document.language, options, rules, cache, changes);
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
