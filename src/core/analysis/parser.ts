import * as fs from 'node:fs';
import * as path from 'node:path';
// A require-style import makes esbuild bundle the package's CommonJS build; its ES build reads import.meta.url,
// which a CommonJS bundle does not have.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
import TreeSitter = require('web-tree-sitter');

type Language = TreeSitter.Language;
type Parser = TreeSitter.Parser;
export type Tree = TreeSitter.Tree;
const { Language, Parser } = TreeSitter;

export type SourceLanguage = 'c' | 'cpp';

/**
 * Hands tree-sitter the text in chunks: given a plain string, web-tree-sitter copies the whole rest of the text
 * on every read, which makes re-parsing a large file after a keystroke cost milliseconds per read. A re-parse
 * reads at many scattered places and each read copies its chunk character by character, so chunks are small
 * (512 re-parsed the bench's 10,000-line file a little faster than 1024 or 4096).
 */
function reader(text: string): (index: number) => string {
  return (index) => text.slice(index, index + 512);
}

const wasmFiles = {
  runtime: { pkg: 'web-tree-sitter', file: 'tree-sitter.wasm' },
  c: { pkg: 'tree-sitter-c', file: 'tree-sitter-c.wasm' },
  cpp: { pkg: 'tree-sitter-cpp', file: 'tree-sitter-cpp.wasm' },
} as const;

/**
 * The bundles in dist/ have the wasm files copied next to them; the unit tests run from out/ and the
 * files are still in node_modules, so look beside this module first, then up the tree in node_modules.
 */
function locateWasm(which: keyof typeof wasmFiles): string {
  const { pkg, file } = wasmFiles[which];
  const beside = path.join(__dirname, file);
  if (fs.existsSync(beside)) return beside;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', pkg, file);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`cannot find ${file} next to ${__dirname} or in node_modules`);
  }
}

interface Grammars { c: Language; cpp: Language }
let loading: Promise<Grammars> | undefined;

/** Loads the tree-sitter runtime and both grammars once per process. */
export function loadGrammars(): Promise<Grammars> {
  loading ??= (async () => {
    await Parser.init({ locateFile: () => locateWasm('runtime') });
    const [c, cpp] = await Promise.all([Language.load(locateWasm('c')), Language.load(locateWasm('cpp'))]);
    return { c, cpp };
  })();
  return loading;
}

const cppExtensions = new Set(['.cc', '.cpp', '.cxx', '.c++', '.hpp', '.hh', '.hxx', '.h++', '.ipp', '.tpp']);
/** Constructs only C++ has; a header containing one of these at line start is parsed as C++. */
const cppOnlyMarkers = /^\s*(?:namespace\s+\w+|class\s+\w+[^;]*\{|template\s*<|using\s+namespace\b|public:|private:|protected:)|\bstd::|\bnullptr\b/m;

/** C for `.c` (and `.h` unless it is clearly C++), C++ for the rest; a language id from the editor wins. */
export function languageFor(fileName: string, text: string, languageId?: string): SourceLanguage {
  if (languageId === 'cpp' || languageId === 'cuda-cpp') return 'cpp';
  if (languageId === 'c') return 'c';
  const ext = path.extname(fileName).toLowerCase();
  if (cppExtensions.has(ext)) return 'cpp';
  if (ext === '.h') return cppOnlyMarkers.test(text.slice(0, 200_000)) ? 'cpp' : 'c';
  return 'c';
}

/** A text change in the coordinates of the text before it (as VS Code reports them). */
export interface TextChange {
  readonly startOffset: number;
  readonly oldEndOffset: number;
  readonly newText: string;
}

/** Where a change was and how long its new text is (what consumers of the change log need, without the text). */
export interface ChangedRange {
  readonly startOffset: number;
  readonly oldEndOffset: number;
  readonly newLength: number;
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** The point `text` ends at when it starts at `from` (only the changed text is scanned, not the file up to it). */
function pointAfter(from: { row: number; column: number }, text: string): { row: number; column: number } {
  const last = text.lastIndexOf('\n');
  if (last === -1) return { row: from.row, column: from.column + text.length };
  let rows = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) rows++;
  return { row: from.row + rows, column: text.length - last - 1 };
}

/** Revisions whose edits are kept for consumers that update derived state incrementally (the lint cache). */
const editLogLimit = 1000;

/**
 * One parse tree per document, kept across edits: `update` applies `tree.edit` for each change and re-parses
 * with the old tree, so tree-sitter only re-reads what changed. `dispose` frees the wasm memory.
 */
export class ParsedDocument {
  private parser: Parser;
  private current: Tree;
  private source: string;
  private revisionCount = 0;
  /**
   * What each revision since `logStart` changed, in order: its edits, then the ranges of the new tree whose syntax
   * differs from the old one's (tree-sitter's view). A replace clears it (the changes are then unknown).
   */
  private log: (readonly ChangedRange[])[] = [];
  private logStart = 0;

  private constructor(parser: Parser, tree: Tree, text: string, readonly language: SourceLanguage) {
    this.parser = parser;
    this.current = tree;
    this.source = text;
  }

  static async create(text: string, language: SourceLanguage): Promise<ParsedDocument> {
    const grammars = await loadGrammars();
    const parser = new Parser();
    parser.setLanguage(grammars[language]);
    const tree = parser.parse(reader(text));
    if (!tree) {
      parser.delete();
      throw new Error('tree-sitter returned no tree');
    }
    return new ParsedDocument(parser, tree, text, language);
  }

  get tree(): Tree { return this.current; }
  get text(): string { return this.source; }
  /** Counts the updates and replaces, so a consumer can ask what changed since it last looked. */
  get revision(): number { return this.revisionCount; }

  /**
   * The changes since revision `since` and, after each revision's, the ranges where the syntax tree changed beyond
   * them (typing `/*` turns the rest of a file into a comment), as replacements by text of the same length: outside
   * the span of all of them, the tree has the same nodes as before, moved by the edits. Undefined when not known
   * (a replace, or too long ago).
   */
  changedRegionsSince(since: number): readonly ChangedRange[] | undefined {
    if (since < this.logStart || since > this.revisionCount) return undefined;
    return this.log.slice(since - this.logStart).flat();
  }

  /** Applies changes in order (each in the coordinates of the text left by the previous one). */
  update(changes: readonly TextChange[]): void {
    let text = this.source;
    for (const change of changes) {
      const start = pointAt(text, change.startOffset);
      const oldEnd = pointAfter(start, text.slice(change.startOffset, change.oldEndOffset));
      const next = text.slice(0, change.startOffset) + change.newText + text.slice(change.oldEndOffset);
      this.current.edit({
        startIndex: change.startOffset, oldEndIndex: change.oldEndOffset, newEndIndex: change.startOffset + change.newText.length,
        startPosition: start, oldEndPosition: oldEnd, newEndPosition: pointAfter(start, change.newText),
      });
      text = next;
    }
    const edits = changes.map((c) => ({ startOffset: c.startOffset, oldEndOffset: c.oldEndOffset, newLength: c.newText.length }));
    this.log.push([...edits, ...this.reparse(text)]);
    this.revisionCount++;
    if (this.log.length > editLogLimit) {
      this.log.shift();
      this.logStart++;
    }
  }

  /** Replaces the whole text (used when the edits are not known) with a fresh parse. */
  replace(text: string): void {
    const tree = this.parser.parse(reader(text));
    if (!tree) throw new Error('tree-sitter returned no tree');
    this.current.delete();
    this.current = tree;
    this.source = text;
    this.revisionCount++;
    this.log = [];
    this.logStart = this.revisionCount;
  }

  /** Re-parses with the edited old tree; returns where the new tree's syntax differs from it. */
  private reparse(text: string): ChangedRange[] {
    const tree = this.parser.parse(reader(text), this.current);
    if (!tree) throw new Error('tree-sitter returned no tree');
    const restructured = this.current.getChangedRanges(tree).map((r) => ({ startOffset: r.startIndex, oldEndOffset: r.endIndex, newLength: r.endIndex - r.startIndex }));
    this.current.delete();
    this.current = tree;
    this.source = text;
    return restructured;
  }

  dispose(): void {
    this.current.delete();
    this.parser.delete();
  }
}
