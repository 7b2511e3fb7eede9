import { createHash } from 'node:crypto';
import { memoized } from '../memo';
import type { Tree } from './parser';
import { shutsDownUnconditionally } from './closeFunctions';
import { commentsAbove, deliberateMarker } from './deliberate';
import { fallibleCallInText } from './fallible';
import { TreeCopy, type CarriedCopies, type DefinitionMemo, type DefinitionRef, type SyntaxNode as Node } from './syntaxTree';
import { supportsPre3 } from './versions';
import { tlsRuleCallInText } from './tlsSetup';
import { Cfg, UnsupportedConstruct } from './cfg';
import { FunctionModel, functionName, parameterNames, type Def } from './functionModel';
import type { LintOptions } from './options';
import type { SourceLanguage } from './parser';
import {
  calleeName, callArgs, errClearFunctions, exFunctions, exprKey, handshakeFunctions, ioFunctions, noReturnFunctions,
  openSslCallPattern, stripExpr,
} from './syntax';

/** What a function of this file does, as far as its callers care (rules.md §5, wrapper summaries). */
export interface FunctionSummary {
  /** Empties the error queue (ERR_clear_error, a drain loop, or a wrapper that does). */
  clearsQueue: boolean;
  /** Calls SSL_get_error (itself or through another function of the file). */
  classifies: boolean;
  /** Calls OpenSSL functions that may touch the error queue. */
  callsOpenSsl: boolean;
  /** Never returns (always ends in exit/abort). */
  noReturn: boolean;
  /** Calls SSL_shutdown() itself, unguarded (a "close" function, rules.md A9 b). */
  shutsDown: boolean;
}

/** The names file-wide facts are made of, found in one pass. */
const factNames = /\b(?:O_NONBLOCK|SOCK_NONBLOCK|FIONBIO|BIO_set_nbio|SSL_set_blocking_mode|evutil_make_socket_nonblocking|pthread_create|std::j?thread|CreateThread|_beginthread(?:ex)?|thrd_create|g_thread_new|uv_thread_create|SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER|SSL_R_UNEXPECTED_EOF_WHILE_READING|SSL_OP_IGNORE_UNEXPECTED_EOF|OPENSSL_VERSION_NUMBER|BIO_s_mem|BIO_new_bio_pair|BIO_s_bio)\b/g;

/** The characters a match of a file-fact pattern is made of (names, `std::`, `#if defined(`, version comparisons). */
const factCharacter = /[\w\s#():<>=]/;

/**
 * Whether replacing `before[start, oldEnd)` by `after[start, newEnd)` may change the file facts. Every fact comes
 * from a match that holds a name of `factNames` and is made of fact characters only, so a match the change
 * creates, removes or borders lies in the run of such characters around the change, in one text or the other.
 */
export function factsMayDiffer(before: string, after: string, span: { start: number; oldEnd: number; newEnd: number }): boolean {
  const around = (text: string, start: number, end: number) => {
    while (start > 0 && factCharacter.test(text.charAt(start - 1))) start--;
    while (end < text.length && factCharacter.test(text.charAt(end))) end++;
    return text.slice(start, end);
  };
  const names = new RegExp(factNames.source);
  // A directive may be made or broken by a character next to it, word or not.
  const directiveNear = (text: string, end: number) => text.slice(Math.max(0, span.start - deliberateMarker.length), end + deliberateMarker.length).includes(deliberateMarker);
  return names.test(around(before, span.start, span.oldEnd)) || names.test(around(after, span.start, span.newEnd))
    || directiveNear(before, span.oldEnd) || directiveNear(after, span.newEnd);
}

/** What a function's text says about it, independent of the rest of the file (kept per function text between lints). */
export interface RawSummary {
  readonly name: string;
  readonly calls: readonly string[];
  /** Has a `while (ERR_get_error())`-style drain loop. */
  readonly drains: boolean;
  readonly noReturn: boolean;
  /** Identifiers used other than as a callee: function names passed as values (verify callbacks, thread entries). */
  readonly valueNames: ReadonlySet<string>;
  /** Makes a call the C/D rules start from (tlsRuleCallInText). */
  readonly setsUpTls: boolean;
  /** Calls SSL_shutdown() unguarded (closeFunctions.ts). */
  readonly shutsDown: boolean;
}

/**
 * What the file's function summaries and TLS setup selection were computed from: the next lint reuses the summaries
 * while every function's name, callees and summary bits read the same (a keystroke usually changes one function's
 * text, not what it calls), and updates the selection for the raw summaries that changed.
 */
export interface SummaryState {
  readonly raws: readonly RawSummary[];
  readonly clearWrappers: string;
  readonly summaries: Map<string, FunctionSummary>;
  /** Which definitions' texts go into the TLS setup digest (computed when first needed, then kept up to date). */
  selection: SetupSelection | undefined;
  /** The setup digest of the last lint that computed it, with what went into it (reused for definitions unchanged). */
  setupDigest: SetupDigest | undefined;
}

/** The TLS setup digest and its parts: per covered definition, its memo, guards and content digest. */
interface SetupDigest {
  readonly memos: readonly DefinitionMemo[];
  readonly guards: readonly string[];
  readonly parts: readonly string[];
  readonly names: string;
  readonly value: string;
}

/** A definition's own name, without its class or namespace (how the C/D rules match callbacks and wrappers). */
const shortName = (raw: RawSummary) => (raw.name.includes('::') ? raw.name.split('::').at(-1) ?? '' : raw.name);

/**
 * Which definitions the TLS setup digest covers (FileContext.setupDigest): those that set up TLS, those they pass as values
 * (verify callbacks) and those that pass them (thread starters). Kept edit by edit: a keystroke changes one
 * definition's raw summary, so only it, and the definitions named by what it added or dropped, are looked at again.
 */
export class SetupSelection {
  private constructor(
    /** Per definition, in text order. */
    readonly covered: readonly boolean[],
    /** How many setup definitions have each name. */
    private readonly setupNames: Map<string, number>,
    /** How many setup definitions pass each identifier as a value. */
    private readonly passed: Map<string, number>,
  ) {}

  static of(raws: readonly RawSummary[]): SetupSelection {
    const setupNames = new Map<string, number>();
    const passed = new Map<string, number>();
    for (const raw of raws) {
      if (!raw.setsUpTls) continue;
      SetupSelection.bump(setupNames, shortName(raw), 1);
      for (const value of raw.valueNames) SetupSelection.bump(passed, value, 1);
    }
    const empty = new SetupSelection([], setupNames, passed);
    return new SetupSelection(raws.map((raw) => empty.covers(raw)), setupNames, passed);
  }

  /**
   * The selection for `raws` from this one, made for `earlier`: the same definitions but those whose raw summary
   * changed. Takes over (and changes) this one's counts.
   */
  next(earlier: readonly RawSummary[], raws: readonly RawSummary[]): SetupSelection {
    if (earlier.length !== raws.length) return SetupSelection.of(raws);
    // Counted out and in first, so a function edited in place (out, then in again) flips nothing.
    const namesBefore = new Map<string, boolean>();
    const passedBefore = new Map<string, boolean>();
    raws.forEach((raw, i) => {
      const before = earlier[i];
      if (!before || before === raw) return;
      if (before.setsUpTls) this.count(before, -1, namesBefore, passedBefore);
      if (raw.setsUpTls) this.count(raw, 1, namesBefore, passedBefore);
    });
    const flippedIn = (counts: Map<string, number>, before: Map<string, boolean>) =>
      [...before].filter(([key, was]) => (counts.get(key) ?? 0) > 0 !== was).map(([key]) => key);
    // A setup name that appeared or went away changes which definitions mention one: look at all of them again.
    if (flippedIn(this.setupNames, namesBefore).length > 0) return SetupSelection.of(raws);
    const flipped = new Set(flippedIn(this.passed, passedBefore));
    const covered = [...this.covered];
    raws.forEach((raw, i) => {
      if (raw !== earlier[i] || flipped.has(shortName(raw))) covered[i] = this.covers(raw);
    });
    return new SetupSelection(covered, this.setupNames, this.passed);
  }

  private covers(raw: RawSummary): boolean {
    const name = shortName(raw);
    if ((this.setupNames.get(name) ?? 0) > 0 || (this.passed.get(name) ?? 0) > 0) return true;
    for (const value of raw.valueNames) if ((this.setupNames.get(value) ?? 0) > 0) return true;
    return false;
  }

  /** Counts a setup definition in (1) or out (-1), noting each touched name's presence before the first change. */
  private count(raw: RawSummary, by: 1 | -1, namesBefore: Map<string, boolean>, passedBefore: Map<string, boolean>): void {
    SetupSelection.bump(this.setupNames, shortName(raw), by, namesBefore);
    for (const value of raw.valueNames) SetupSelection.bump(this.passed, value, by, passedBefore);
  }

  private static bump(counts: Map<string, number>, key: string, by: 1 | -1, before?: Map<string, boolean>): void {
    const count = counts.get(key) ?? 0;
    if (before && !before.has(key)) before.set(key, count > 0);
    counts.set(key, count + by);
  }
}

/** Whether two raw summaries give the same function summary (identical when the text was unchanged). */
function sameSummaryInput(a: RawSummary, b: RawSummary): boolean {
  return a === b || (a.name === b.name && a.drains === b.drains && a.noReturn === b.noReturn && a.shutsDown === b.shutsDown
    && a.calls.length === b.calls.length && a.calls.every((call, i) => b.calls[i] === call));
}

export interface FileFacts {
  readonly nonBlocking: boolean;
  readonly threaded: boolean;
  readonly movingWriteBuffer: boolean;
  readonly knowsUnexpectedEofReason: boolean;
  readonly ignoresUnexpectedEof: boolean;
  readonly guardsUnexpectedEofReason: boolean;
  readonly supportsPre3: boolean;
  /** Uses memory BIOs or BIO pairs, where one direction never blocks (test harnesses, custom transports). */
  readonly memoryBios: boolean;
  /** Has an `openssl-doctor:` directive comment anywhere (deliberate.ts reads them). */
  readonly directives: boolean;
}

/** Callees from the text (identifiers before `(`, keywords aside): cheap; the body is copied only to judge a call of SSL_shutdown. */
function rawSummary(name: string, body: string, definition: () => Node): RawSummary {
  const calls = [...new Set([...body.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1] ?? '').filter((n) => !cKeywords.has(n)))];
  return {
    name,
    calls,
    drains: /\b(?:while|for)\s*\([^)]*\bERR_get_error\s*\(/.test(body),
    noReturn: /\b(?:exit|_exit|_Exit|abort)\s*\([^;]*\)\s*;\s*\}\s*$/.test(body) && !/\breturn\b/.test(body),
    setsUpTls: tlsRuleCallInText.test(body),
    shutsDown: /\bSSL_shutdown\s*\(/.test(body) && shutsDownUnconditionally(definition()),
    valueNames: new Set([...body.matchAll(/\b[A-Za-z_]\w*\b(?!\s*\()/g)].map((m) => m[0])),
  };
}

/** An I/O call (or a configured wrapper) with the `SSL *` it works on. */
export interface IoCall {
  readonly call: Node;
  readonly name: string;
  readonly ssl: Node;
  readonly sslKey: string;
  readonly cfg: number;
  /** How the result signals failure (SSL_read.pod, SSL_connect.pod, SSL_shutdown.pod). */
  readonly convention: 'count' | 'handshake' | 'ex' | 'shutdown';
}

/** Where a value came from: a call, a parameter, or something the analysis does not follow. */
export type Origin =
  | { readonly kind: 'call'; readonly call: Node; readonly name: string }
  | { readonly kind: 'param'; readonly def: Def }
  | { readonly kind: 'other'; readonly node: Node | null };

/** OpenSSL getters that do not touch the error queue (rules.md A5 exclusions). */
const queueNeutral = new Set([
  'SSL_get_rbio', 'SSL_get_wbio', 'SSL_get_fd', 'SSL_get_rfd', 'SSL_get_wfd', 'SSL_pending', 'SSL_has_pending',
  'SSL_get_shutdown', 'SSL_get_ex_data', 'SSL_want', 'SSL_want_read', 'SSL_want_write', 'SSL_want_nothing',
  'SSL_want_x509_lookup', 'SSL_want_async', 'SSL_get_error', 'ERR_set_mark', 'ERR_pop_to_mark', 'ERR_clear_last_mark',
  'ERR_peek_error', 'ERR_peek_last_error', 'SSL_get_app_data', 'SSL_CTX_get_ex_data', 'SSL_CTX_get_app_data', 'SSL_is_init_finished',
  'SSL_in_init', 'SSL_get_state', 'BIO_number_read', 'BIO_number_written', 'SSL_set0_rbio', 'SSL_set0_wbio', 'SSL_set_bio', 'BIO_should_retry', 'BIO_should_read', 'BIO_should_write', 'BIO_get_retry_flags',
]);

/**
 * Plain getters of a connection, context or session (`SSL_get_version`, `SSL_get0_alpn_selected`,
 * `SSL_get_max_early_data`…): they read a field and touch no error queue. `get1` ones allocate or take a reference.
 */
const queueNeutralGetter = /^SSL_(?:CTX_|SESSION_)?get0?_\w+$/;

/** Whether a call leaves the error queue alone (A5), by name. */
function isQueueNeutral(name: string): boolean {
  return queueNeutral.has(name) || queueNeutralGetter.test(name);
}

/** Project functions that by convention never return (die(), fatal_exit(), stunnel's throw_exception()…). */
export const conventionalNoReturn = /^(?:\w+_)?(?:die|fatal|fatal_exit|panic|throw_exception|bail_out)$/i;

const cKeywords = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'do', 'else', 'case', 'defined', '_Alignof', 'alignof', 'decltype', 'catch', 'throw', 'new', 'delete', 'typeof', '__typeof__', '__attribute__']);

/**
 * Identifiers that make a function worth analysing: every rule starts from one of these (a TLS I/O call,
 * SSL_get_error, an ERR_get_error-family call, ERR_error_string, the EOF constants, or a fallible call of
 * A6/A7, or a TLS setup call of C1–D3). OpenSSL's own library code, full of ERR_raise and X509_/BIO_ calls, mostly has none of them.
 */
const interesting = new RegExp(String.raw`\b(?:SSL_(?:read|write|peek|connect|accept|do_handshake|shutdown|get_error)\w*|ERR_(?:get|peek)_\w+|ERR_error_string|SSL_R_UNEXPECTED_EOF_WHILE_READING|SSL_OP_IGNORE_UNEXPECTED_EOF)\b|${fallibleCallInText.source}|${tlsRuleCallInText.source}`);

/**
 * A digest of a definition's text blind to the white space between its tokens (comments and literals are taken as
 * written): what other functions' C/D findings read of a function (names, argument keys, data flow, directive
 * comments) is the same when only that white space changed, so re-indenting a setup function does not re-analyse
 * every other one. Read from the text, not the tree, so a definition no rule needs is never copied for it. A space is
 * kept where removing it could join two tokens (`a b`, `+ +`), and a line break stays one (it ends a directive).
 */
function tokenDigest(text: string): string {
  const joined = text.replace(literalOrSpace, (match: string, offset: number) => {
    if (!/^\s/.test(match)) return match;
    if (match.includes('\n')) return '\n';
    const before = text.charAt(offset - 1);
    const after = text.charAt(offset + match.length);
    return wordCharacter.test(before) === wordCharacter.test(after) ? ' ' : '';
  });
  return createHash('sha1').update(joined).digest('base64');
}

/** A string or character literal, a comment (each as written), or a run of white space (tokenDigest). */
const literalOrSpace = /"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|\s+/g;
const wordCharacter = /[A-Za-z0-9_$]/;

/**
 * The functions that never return (the library's and the file's), and the file's as a key; kept with the map of
 * summaries (reused across lints while they hold).
 */
const neverReturningOf = memoized((summaries: ReadonlyMap<string, FunctionSummary>): { readonly names: ReadonlySet<string>; readonly key: string } => {
  const own = [...summaries].filter(([, s]) => s.noReturn).map(([name]) => name);
  return { names: new Set([...noReturnFunctions, ...own]), key: own.sort().join(',') };
});

/** A digest of the names of the file's functions, kept with the map of summaries (reused while they hold). */
const definedNamesOf = memoized((summaries: ReadonlyMap<string, FunctionSummary>): { readonly digest: string } => ({
  digest: createHash('sha1').update([...summaries.keys()].join('\u0000')).digest('base64'),
}));

/** A definition's model; null when the code could not be read, undefined when it has no body. */
function buildModel(definition: Node, noReturn: ReadonlySet<string>): FunctionModel | null | undefined {
  const body = definition.childForFieldName('body');
  if (!body) return undefined;
  // Code the parser could not read (unbalanced #if branches, macros that hide syntax) gets no findings.
  if (body.hasError) return null;
  try {
    const cfg = new Cfg(body, (name) => noReturn.has(name) || conventionalNoReturn.test(name));
    return new FunctionModel(definition, body, functionName(definition), cfg, parameterNames(definition));
  } catch (error) {
    if (!(error instanceof UnsupportedConstruct)) throw error;
    return null;
  }
}

/** One file being linted: its functions (analysed lazily), the summaries of its functions, and file-wide facts. */
export class FileContext {
  private models: FunctionModel[] | undefined;
  private summaryMap = new Map<string, FunctionSummary>();
  private summaries: SummaryState | undefined;
  private readonly originCache = new Map<number, Origin[]>();
  private readonly ioCache = new Map<number, IoCall | null>();
  readonly skippedFunctions: string[] = [];
  private readonly clearWrappers: ReadonlySet<string>;
  private readonly ioWrappers: ReadonlySet<string>;
  private readonly interestingNames: RegExp;

  /** The function definitions, copied out of the tree when a rule needs them. */
  private readonly copy: TreeCopy;
  private analysed: (definition: DefinitionRef) => boolean = () => true;
  /** Which interesting functions to analyse (the engine skips those whose findings it has kept). */
  get analyse(): (definition: DefinitionRef) => boolean {
    return this.analysed;
  }
  set analyse(which: (definition: DefinitionRef) => boolean) {
    this.analysed = which;
    this.models = undefined;
    this.analysedSetupModels = undefined;
  }

  /**
   * `carried` gives what an earlier lint copied of definitions the edits since left alone or changed inside; `earlier`, what
   * an earlier lint summarised (reused when every function's raw summary is the same).
   */
  constructor(tree: Tree, readonly text: string, readonly language: SourceLanguage, readonly options: LintOptions, private readonly summaryCache = new Map<string, RawSummary>(),
    carried?: CarriedCopies, earlier?: SummaryState) {
    this.clearWrappers = new Set(options.errClearWrappers);
    this.ioWrappers = new Set(options.ioWrappers);
    const extra = [...options.errClearWrappers, ...options.ioWrappers];
    this.interestingNames = extra.length === 0 ? interesting : new RegExp(`${interesting.source}|\\b(?:${extra.join('|')})\\b`);
    this.copy = new TreeCopy(tree, text, carried);
    this.summarize(earlier);
  }

  /** What this lint summarised, for the next one. */
  get summaryState(): SummaryState | undefined {
    return this.summaries;
  }

  get definitionCount(): number {
    return this.copy.definitions().length;
  }

  /** The function definitions that mention OpenSSL, errno or a configured wrapper. */
  interestingDefinitions(): readonly DefinitionRef[] {
    const pattern = this.interestingNames.source;
    this.interestingCache ??= this.copy.definitions().filter(({ memo }) => {
      if (memo.matches?.pattern !== pattern) memo.matches = { pattern, value: this.interestingNames.test(memo.text) };
      return memo.matches.value;
    });
    return this.interestingCache;
  }
  private interestingCache: DefinitionRef[] | undefined;

  /** Every function definition, in text order. */
  definitions(): readonly DefinitionRef[] {
    return this.copy.definitions();
  }

  /** The definitions (with a body) of the file's functions called `name`, analysed or not (verify callbacks, C2). */
  definitionsNamed(name: string): Node[] {
    return this.refsNamed(name).map((ref) => ref.node());
  }

  /** The definitions (with a body) called `name`. */
  private refsNamed(name: string): DefinitionRef[] {
    return this.copy.definitions().filter((ref) => this.rawOf(ref).name === name && ref.node().childForFieldName('body') !== null);
  }

  /** Takes file facts known to be those of this text (an edit that cannot have changed them). */
  adoptFacts(facts: FileFacts): void {
    this.factCache = facts;
  }

  private factCache: FileFacts | undefined;
  /** File-wide facts some rules depend on (part of the cache key of every function's findings). */
  get facts(): FileFacts {
    if (this.factCache) return this.factCache;
    // One pass over the text for all the names; the guards that need more than a name are tested when one shows up.
    const seen = new Set<string>();
    for (const match of this.text.matchAll(factNames)) seen.add(match[0]);
    const has = (...names: string[]) => names.some((n) => seen.has(n));
    this.factCache = {
      // Only calls and flags that make a socket non-blocking count; EAGAIN alone is also checked by blocking code.
      nonBlocking: has('O_NONBLOCK', 'SOCK_NONBLOCK', 'FIONBIO', 'BIO_set_nbio', 'SSL_set_blocking_mode', 'evutil_make_socket_nonblocking'),
      threaded: has('pthread_create', 'std::thread', 'std::jthread', 'CreateThread', '_beginthread', '_beginthreadex', 'thrd_create', 'g_thread_new', 'uv_thread_create'),
      movingWriteBuffer: has('SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER'),
      knowsUnexpectedEofReason: has('SSL_R_UNEXPECTED_EOF_WHILE_READING'),
      ignoresUnexpectedEof: has('SSL_OP_IGNORE_UNEXPECTED_EOF'),
      guardsUnexpectedEofReason: has('SSL_R_UNEXPECTED_EOF_WHILE_READING') && /#\s*if(?:def)?\s+(?:defined\s*\(?\s*)?SSL_R_UNEXPECTED_EOF_WHILE_READING/.test(this.text),
      supportsPre3: has('OPENSSL_VERSION_NUMBER') && supportsPre3(this.text),
      memoryBios: has('BIO_s_mem', 'BIO_new_bio_pair', 'BIO_s_bio'),
      directives: this.text.includes(deliberateMarker),
    };
    return this.factCache;
  }

  /** What every function's findings depend on outside it: the options and the file facts. */
  fingerprint(): string {
    return JSON.stringify([this.options, this.facts]);
  }

  /** What a function's findings depend on in the rest of the file: the summaries of the file's functions it calls. */
  calleeFingerprint(definition: DefinitionRef): string {
    const { memo } = definition;
    // The same summaries (reused while no function's raw summary changed) give the same fingerprint.
    if (memo.callees?.summaries === this.summaryMap) return memo.callees.value;
    const value = (memo.raw?.calls ?? []).flatMap((name) => {
      const s = this.summaryMap.get(name);
      return s ? [`${name}:${+s.clearsQueue}${+s.classifies}${+s.callsOpenSsl}${+s.noReturn}${+s.shutsDown}`] : [];
    }).join(',');
    memo.callees = { summaries: this.summaryMap, value };
    return value;
  }

  /** Whether the text has an `openssl-doctor:` directive comment anywhere (deliberate.ts reads them). */
  get hasDirectives(): boolean {
    return this.facts.directives;
  }

  /**
   * What a function's certificate, host name and protocol findings (C1–D3) depend on besides the TLS setup of the
   * other functions (TlsSetup observations): the directive comments above it, and the file's functions that never
   * return (they shape the control flow of every function those rules read).
   */
  tlsContext(definition: DefinitionRef): string {
    const directives = this.hasDirectives ? this.commentsAbove(definition.startIndex).join('\n') : '';
    return `${directives}\u0000${neverReturningOf(this.summaryMap).key}`;
  }

  private readonly commentsAboveCache = new Map<number, readonly string[]>();
  /** The comments directly above `offset` (deliberate.ts), read once per lint. */
  commentsAbove(offset: number): readonly string[] {
    let comments = this.commentsAboveCache.get(offset);
    if (!comments) {
      comments = commentsAbove(this.text, offset);
      this.commentsAboveCache.set(offset, comments);
    }
    return comments;
  }

  /** Whether a definition makes a call the C/D rules start from (read from its summary, kept between lints). */
  setsUpTls(definition: DefinitionRef): boolean {
    return this.rawOf(definition).setsUpTls;
  }

  /**
   * A digest of the functions that set up TLS objects (wrappers included), the functions they pass as values
   * (verify callbacks) and those that pass them as values (thread starters), with what is around them (guards,
   * directives), and the names of the file's functions: while it is unchanged, every C/D finding kept holds without
   * looking at what it observed.
   */
  setupDigest(): string {
    this.setupDigestValue ??= this.digestTlsSetup();
    return this.setupDigestValue;
  }
  private setupDigestValue: string | undefined;

  private digestTlsSetup(): string {
    const refs = this.copy.definitions();
    const state = this.summaries;
    const selection = state?.selection ?? SetupSelection.of(refs.map((ref) => this.rawOf(ref)));
    if (state) state.selection = selection;
    // A definition an edit left alone (the same memo, the same #if branches, no directive comments in the file to
    // change above it) has the content digest it had.
    const earlier = this.hasDirectives ? undefined : state?.setupDigest;
    const memos: DefinitionMemo[] = [];
    const guards: string[] = [];
    const parts: string[] = [];
    let same = earlier !== undefined;
    refs.forEach((ref, i) => {
      if (!selection.covered[i]) return;
      const at = parts.length;
      const reused = earlier?.memos[at] === ref.memo && earlier.guards[at] === ref.guards ? earlier.parts[at] : undefined;
      same &&= reused !== undefined;
      memos.push(ref.memo);
      guards.push(ref.guards);
      parts.push(reused ?? this.contentDigestOf(ref));
    });
    // Which functions the file defines: a call of one does not hand an SSL to code the analysis cannot see.
    const names = definedNamesOf(this.summaryMap).digest;
    const value = same && earlier?.parts.length === parts.length && earlier.names === names
      ? earlier.value
      : createHash('sha1').update(parts.join('\u0000')).update(names).digest('base64');
    if (state) state.setupDigest = { memos, guards, parts, names, value };
    return value;
  }

  private readonly contentDigests = new Map<DefinitionRef, string>();
  /**
   * What other functions' C/D findings may read of a definition: its tokens, the #if branches around it and the
   * directive comments above it.
   */
  private contentDigestOf(ref: DefinitionRef): string {
    let digest = this.contentDigests.get(ref);
    if (digest === undefined) {
      const directives = this.hasDirectives ? this.commentsAbove(ref.startIndex).join('\n') : '';
      ref.memo.tokenDigest ??= tokenDigest(ref.text);
      digest = `${ref.memo.tokenDigest}${ref.guards}${directives}`;
      this.contentDigests.set(ref, digest);
    }
    return digest;
  }

  /** contentDigestOf for a function model. */
  contentDigest(model: FunctionModel): string {
    const ref = this.refOfModel.get(model);
    return ref ? this.contentDigestOf(ref) : '';
  }

  /** A digest of the definitions (with a body) called `name`: what `definitionsNamed(name)` gives. */
  definitionsDigest(name: string): string {
    return this.refsNamed(name).map((ref) => this.contentDigestOf(ref)).join(',');
  }

  /** Whether the file mentions anything the rules look at; files that don't are not parsed by the engine. */
  static worthParsing(text: string, options: LintOptions): boolean {
    if (interesting.test(text)) return true;
    return [...options.errClearWrappers, ...options.ioWrappers].some((name) => text.includes(name));
  }

  /** The analysable functions that mention OpenSSL, errno or a configured wrapper and are to be analysed now. */
  functions(): readonly FunctionModel[] {
    if (this.models) return this.models;
    const models: FunctionModel[] = [];
    for (const ref of this.interestingDefinitions()) {
      if (!this.analyse(ref)) continue;
      const model = this.modelOf(ref);
      if (model) models.push(model);
      else if (model === null) {
        const name = functionName(ref.node());
        if (!this.skippedFunctions.includes(name)) this.skippedFunctions.push(name);
      }
    }
    this.models = models;
    return models;
  }

  private setupModels: FunctionModel[] | undefined;
  /** The functions the C/D rules read: every analysable function with a TLS setup call. */
  setupFunctions(): readonly FunctionModel[] {
    this.setupModels ??= this.interestingDefinitions().filter((ref) => this.setsUpTls(ref))
      .map((ref) => this.modelOf(ref)).filter((m): m is FunctionModel => m !== undefined && m !== null);
    return this.setupModels;
  }

  private analysedSetupModels: FunctionModel[] | undefined;
  /** The setup functions whose findings are being computed now. */
  analysedSetupFunctions(): readonly FunctionModel[] {
    this.analysedSetupModels ??= this.setupFunctions().filter((model) => this.isAnalysed(model));
    return this.analysedSetupModels;
  }

  /** Analyses one definition alone (how the engine computes one function's C/D findings and what they observe). */
  analyseOnly(definition: DefinitionRef): void {
    this.analyse = (ref) => ref === definition;
    const model = this.setsUpTls(definition) ? this.modelOf(definition) : undefined;
    this.analysedSetupModels = model ? [model] : [];
  }

  private readonly modelCache = new Map<DefinitionRef, FunctionModel | null | undefined>();
  private readonly refOfModel = new Map<FunctionModel, DefinitionRef>();
  /** The model of a definition; null when the code could not be read, undefined when it has no body. */
  private modelOf(ref: DefinitionRef): FunctionModel | null | undefined {
    if (this.modelCache.has(ref)) return this.modelCache.get(ref);
    const definition = ref.node();
    // A model made by an earlier lint holds while the file's functions that never return are the same.
    const neverReturning = neverReturningOf(this.summaryMap);
    if (ref.memo.model?.neverReturning !== neverReturning.key) {
      ref.memo.model = { neverReturning: neverReturning.key, model: buildModel(definition, neverReturning.names) };
    }
    const { model } = ref.memo.model;
    this.modelCache.set(ref, model);
    if (model) this.refOfModel.set(model, ref);
    return model;
  }


  /**
   * Whether the findings in a function are being computed now. The C/D rules read every setup function but only
   * report in these: the engine has kept the findings of the others.
   */
  isAnalysed(model: FunctionModel): boolean {
    const ref = this.refOfModel.get(model);
    return ref === undefined || this.analyse(ref);
  }

  /** Ends the lint: the copies it made may be carried to the next one (TreeCopy.release). */
  release(): void {
    this.copy.release();
  }

  summary(name: string): FunctionSummary | undefined {
    return this.summaryMap.get(name);
  }

  noReturnNames(): ReadonlySet<string> {
    return neverReturningOf(this.summaryMap).names;
  }


  /** What a definition's text says about it: from its memo, the summaries of earlier lints, or read now. */
  private rawOf(ref: DefinitionRef): RawSummary {
    let raw = ref.memo.raw ?? this.summaryCache.get(ref.text);
    if (!raw) {
      const { name, body } = ref.outline();
      raw = rawSummary(name, body, () => ref.node());
      this.summaryCache.set(ref.text, raw);
    }
    ref.memo.raw = raw;
    return raw;
  }

  private summarize(earlier: SummaryState | undefined): void {
    const raws = this.copy.definitions().map((ref) => this.rawOf(ref));
    const clearWrappers = [...this.clearWrappers].join(',');
    const selection = earlier?.selection?.next(earlier.raws, raws);
    const setupDigest = earlier?.setupDigest;
    if (earlier?.clearWrappers === clearWrappers && earlier.raws.length === raws.length && raws.every((raw, i) => sameSummaryInput(raw, earlier.raws[i] ?? raw))) {
      this.summaryMap = earlier.summaries;
      this.summaries = { raws, clearWrappers, summaries: earlier.summaries, selection, setupDigest };
      return;
    }
    this.summaries = { raws, clearWrappers, summaries: this.summaryMap, selection, setupDigest };
    const callees = new Map<string, readonly string[]>();
    for (const { name, calls, drains, noReturn, shutsDown } of raws) {
      this.summaryMap.set(name, {
        clearsQueue: drains || calls.some((c) => errClearFunctions.has(c) || this.clearWrappers.has(c)),
        classifies: calls.includes('SSL_get_error'),
        callsOpenSsl: calls.some((c) => openSslCallPattern.test(c) && !isQueueNeutral(c)),
        noReturn,
        shutsDown,
      });
      callees.set(name, calls);
    }
    // Propagate through calls between the file's own functions until nothing changes.
    for (let changed = true; changed;) {
      changed = false;
      for (const [name, calls] of callees) {
        const summary = this.summaryMap.get(name);
        if (!summary) continue;
        for (const callee of calls) {
          const other = callee === name ? undefined : this.summaryMap.get(callee);
          if (!other) continue;
          for (const key of ['clearsQueue', 'classifies', 'callsOpenSsl'] as const) {
            if (other[key] && !summary[key]) {
              summary[key] = true;
              changed = true;
            }
          }
        }
      }
    }
  }

  /** Whether a call empties the error queue (directly, through a configured wrapper or a summarized function). */
  clearsQueue(name: string): boolean {
    return errClearFunctions.has(name) || this.clearWrappers.has(name) || this.summaryMap.get(name)?.clearsQueue === true;
  }

  /** Whether a call classifies a failure with SSL_get_error (directly or in a function of this file). */
  classifies(name: string): boolean {
    return name === 'SSL_get_error' || this.summaryMap.get(name)?.classifies === true;
  }

  /** Whether a call may add to or consume the error queue (rules.md A5). */
  touchesQueue(name: string): boolean {
    if (isQueueNeutral(name)) return false;
    if (openSslCallPattern.test(name)) return true;
    return this.summaryMap.get(name)?.callsOpenSsl === true;
  }

  /** The I/O call a call expression is, if it is one. */
  ioCall(model: FunctionModel, call: Node): IoCall | undefined {
    const cached = this.ioCache.get(call.id);
    if (cached !== undefined) return cached ?? undefined;
    const name = calleeName(call);
    let result: IoCall | null = null;
    const ssl = callArgs(call)[0];
    const cfg = model.cfgOf(call);
    if (name && ssl && cfg !== undefined && (ioFunctions.has(name) || this.ioWrappers.has(name))) {
      const convention = exFunctions.has(name) ? 'ex' : handshakeFunctions.has(name) ? 'handshake' : name === 'SSL_shutdown' ? 'shutdown' : 'count';
      result = { call, name, ssl, sslKey: exprKey(ssl), cfg, convention };
    }
    this.ioCache.set(call.id, result);
    return result ?? undefined;
  }

  ioCalls(model: FunctionModel): IoCall[] {
    return model.calls().map((c) => this.ioCall(model, c.node)).filter((c): c is IoCall => c !== undefined);
  }

  /** The values an expression may hold, following copies through locals (bounded depth). */
  originsOf(model: FunctionModel, expr: Node, depth = 0): Origin[] {
    const cached = this.originCache.get(expr.id);
    if (cached) return cached;
    const node = stripExpr(expr);
    let result: Origin[];
    if (node.type === 'call_expression') {
      result = [{ kind: 'call', call: node, name: calleeName(node) ?? '' }];
    } else if (node.type === 'assignment_expression' && node.childForFieldName('operator')?.text === '=') {
      const right = node.childForFieldName('right');
      result = right ? this.originsOf(model, right, depth) : [{ kind: 'other', node }];
    } else if (node.type === 'conditional_expression') {
      const branches = [node.childForFieldName('consequence'), node.childForFieldName('alternative')];
      result = branches.flatMap((b) => (b ? this.originsOf(model, b, depth) : []));
    } else if (depth < 4 && (node.type === 'identifier' || node.type === 'field_expression')) {
      const defs = model.reachingDefs(node);
      result = defs.length === 0 ? [{ kind: 'other', node }] : defs.flatMap((def): Origin[] => {
        if (def.kind === 'param') return [{ kind: 'param', def }];
        if (def.rhs) return this.originsOf(model, def.rhs, depth + 1);
        return [{ kind: 'other', node: def.syntax }];
      });
    } else {
      result = [{ kind: 'other', node }];
    }
    this.originCache.set(expr.id, result);
    return result;
  }

  /** Whether `expr` holds the result of `call` (on some path), directly or through locals. */
  holdsResultOf(model: FunctionModel, expr: Node, call: Node): boolean {
    return this.originsOf(model, expr).some((o) => o.kind === 'call' && o.call.id === call.id);
  }

}
