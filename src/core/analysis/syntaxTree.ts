import type { RawSummary } from './fileContext';
import type { FunctionModel } from './functionModel';
import type { Tree } from './parser';

/**
 * The text a copied subtree was read from and where that text now starts in the file. A definition's nodes keep
 * offsets into its own text, so a definition an edit only moved is carried to the next lint by changing `base`.
 */
export interface CopiedText {
  readonly text: string;
  base: number;
}

/** Node ids are unique across lints: carried definitions keep theirs, and per-lint caches are keyed by id. */
let nextNodeId = 0;

/**
 * A plain-JavaScript copy of (part of) a tree-sitter tree. Reading web-tree-sitter nodes crosses into wasm on
 * every property access; the rules read each node many times, so the tree is copied once with a cursor walk.
 * The subset of the web-tree-sitter Node API the analysis uses is kept, so code reads the same either way.
 */
export class SyntaxNode {
  private up: SyntaxNode | null = null;
  /** Links a copied definition to its ancestors when they are first asked for (most lints never read them). */
  private linkUp: (() => SyntaxNode | null) | undefined;

  get parent(): SyntaxNode | null {
    const link = this.linkUp;
    if (link) {
      this.linkUp = undefined;
      this.up = link();
    }
    return this.up;
  }

  set parent(node: SyntaxNode | null) {
    this.linkUp = undefined;
    this.up = node;
  }

  /** Sets the parent to what `link` returns, on first use. */
  parentLater(link: () => SyntaxNode | null): void {
    this.linkUp = link;
  }
  readonly children: SyntaxNode[] = [];
  readonly fieldNames: (string | null)[] = [];
  hasError = false;
  private named: SyntaxNode[] | undefined;

  readonly id = nextNodeId++;

  /** `start` and `end` are offsets into `source.text`. */
  constructor(readonly type: string, private start: number, private end: number, readonly isNamed: boolean, private source: CopiedText) {}

  get startIndex(): number {
    return this.start + this.source.base;
  }

  get endIndex(): number {
    return this.end + this.source.base;
  }

  get text(): string {
    return this.source.text.slice(this.start, this.end);
  }

  /** Where this node lies in its copied text (how a later copy of an edited text finds it). */
  get copyStart(): number {
    return this.start;
  }

  get copyEnd(): number {
    return this.end;
  }

  /** Moves this subtree to `source`, where its text starts `by` characters later than in the text it was read from. */
  moveTo(source: CopiedText, by: number): void {
    const stack: SyntaxNode[] = [this];
    for (let node = stack.pop(); node; node = stack.pop()) {
      node.source = source;
      node.start += by;
      node.end += by;
      stack.push(...node.children);
    }
  }

  get namedChildren(): SyntaxNode[] {
    this.named ??= this.children.filter((c) => c.isNamed);
    return this.named;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }

  childForFieldName(name: string): SyntaxNode | null {
    const index = this.fieldNames.indexOf(name);
    return index === -1 ? null : this.children[index] ?? null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.children.filter((_, i) => this.fieldNames[i] === name);
  }

  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const result: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [...this.children].reverse();
    while (stack.length > 0) {
      const node = stack.pop();
      if (!node) break;
      if (wanted.includes(node.type)) result.push(node);
      for (let i = node.children.length - 1; i >= 0; i--) {
        const child = node.children[i];
        if (child) stack.push(child);
      }
    }
    return result;
  }
}

type Cursor = ReturnType<Tree['walk']>;
type TreeSitterNode = Tree['rootNode'];
type Language = Tree['language'];

/** A node type's name and whether it is named, per type id (each read of the cursor crosses into wasm). */
interface NodeKind { readonly type: string; readonly isNamed: boolean }
const kindsByLanguage = new WeakMap<Language, Map<number, NodeKind>>();

function kindOf(language: Language, typeId: number): NodeKind {
  let kinds = kindsByLanguage.get(language);
  if (!kinds) kindsByLanguage.set(language, kinds = new Map<number, NodeKind>());
  let kind = kinds.get(typeId);
  // As web-tree-sitter names it: ids without a name (the error symbols) are ERROR.
  // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- an empty name counts as none, too
  if (!kind) kinds.set(typeId, kind = { type: language.types[typeId] || 'ERROR', isNamed: language.nodeTypeIsNamed(typeId) });
  return kind;
}

/**
 * An earlier copy of a definition that an edit changed inside, with the changed span relative to the definition's
 * start (`[start, oldEnd)` in the earlier text, `[start, newEnd)` now). Copying the new tree, each node's
 * counterpart is looked up under its parent's counterpart; one wholly before or after the span (not touching it:
 * tree-sitter may re-read a token next to an edit) is taken over instead of copied, as tree-sitter itself reuses
 * those subtrees.
 */
export class EarlierCopy {
  private readonly moved: number;
  /** Per earlier node, how far its children have been searched (the new children come in the same order). */
  private readonly searched = new Map<SyntaxNode, number>();

  constructor(readonly root: SyntaxNode, private readonly start: number, oldEnd: number, private readonly newEnd: number) {
    this.moved = newEnd - oldEnd;
  }

  /** Where a new offset was in the earlier text, when it lies outside the span. */
  private earlierOffset(offset: number): number | undefined {
    return offset < this.start ? offset : offset > this.newEnd ? offset - this.moved : undefined;
  }

  /** The node of the earlier copy under `parent` that stands where the new node `[start, end)` of `type` does. */
  counterpart(parent: SyntaxNode | undefined, start: number, end: number, type: string): SyntaxNode | undefined {
    const from = this.earlierOffset(start);
    const to = this.earlierOffset(end);
    if (!parent || from === undefined || to === undefined) return undefined;
    const children = parent.children;
    for (let i = this.searched.get(parent) ?? 0; i < children.length; i++) {
      const child = children[i];
      if (!child || child.copyStart > from) break;
      if (child.copyStart === from && child.copyEnd === to && child.type === type) {
        this.searched.set(parent, i + 1);
        return child;
      }
    }
    return undefined;
  }

  /** The counterpart moved to `source`, when it can stand for the new node as it is. */
  takeOver(counterpart: SyntaxNode, start: number, end: number, source: CopiedText): SyntaxNode | undefined {
    if (end >= this.start && start <= this.newEnd) return undefined;
    counterpart.moveTo(source, start < this.start ? 0 : this.moved);
    return counterpart;
  }
}

/**
 * Copies the subtree under the cursor's node into `target` (which stands for that node), taking over what it can
 * of `earlier`.
 */
function copyUnder(cursor: Cursor, language: Language, target: SyntaxNode, source: CopiedText, earlier?: EarlierCopy): void {
  const stack: { readonly node: SyntaxNode; readonly counterpart: SyntaxNode | undefined }[] = [{ node: target, counterpart: earlier?.root }];
  /** Adds the cursor's node under `parent`; false when it was taken over (its children are already there). */
  const add = (parent: (typeof stack)[number]): boolean => {
    const { type, isNamed } = kindOf(language, cursor.nodeTypeId);
    const start = cursor.startIndex - source.base;
    const end = cursor.endIndex - source.base;
    const counterpart = earlier?.counterpart(parent.counterpart, start, end, type);
    const reused = counterpart && earlier?.takeOver(counterpart, start, end, source);
    const node = reused ?? new SyntaxNode(type, start, end, isNamed, source);
    node.parent = parent.node;
    // ERROR nodes and zero-width MISSING nodes are where tree-sitter recovered from a syntax error.
    if (!reused) node.hasError = type === 'ERROR' || (start === end && cursor.nodeIsMissing);
    parent.node.children.push(node);
    parent.node.fieldNames.push(cursor.currentFieldName);
    stack.push({ node, counterpart });
    return !reused;
  };
  let descend = true;
  for (;;) {
    const current = stack[stack.length - 1];
    if (!current) return;
    if (descend && cursor.gotoFirstChild()) {
      descend = add(current);
      continue;
    }
    for (;;) {
      const done = stack.pop();
      const parent = stack[stack.length - 1];
      if (!done || !parent) return;
      if (done.node.hasError) parent.node.hasError = true;
      if (cursor.gotoNextSibling()) {
        descend = add(parent);
        break;
      }
      cursor.gotoParent();
    }
  }
}

/**
 * What is known of a definition's text. The same object is carried to the next lint when the edits in between
 * provably left that text alone, so nothing derived from the text is computed (or hashed) again.
 */
export interface DefinitionMemo {
  readonly text: string;
  raw?: RawSummary;
  /** Whether the text matches the pattern with this source (the rules' starting points, per options). */
  matches?: { readonly pattern: string; readonly value: boolean };
  /** The callee fingerprint (FileContext.calleeFingerprint) under one set of the file's summaries. */
  callees?: { readonly summaries: object; readonly value: string };
  /** A hash of the definition's tokens (for the TLS setup digest). */
  tokenDigest?: string;
  /** The copied definition, relocatable: its nodes are read from `text` at `base`. */
  copy?: { readonly node: SyntaxNode; readonly source: CopiedText };
  /**
   * The function's model (null: not analysable, undefined: no body), valid while the file's functions that never
   * return are those named in `neverReturning` (its CFG ends paths at their calls).
   */
  model?: { readonly neverReturning: string; readonly model: FunctionModel | null | undefined };
}

/** What an earlier lint copied that a new one may take over (the engine knows what the edits in between changed). */
export interface CarriedCopies {
  /** The memo of a definition whose text is unchanged. */
  unchanged(startIndex: number, endIndex: number): DefinitionMemo | undefined;
  /**
   * For a definition the edits changed inside: the earlier copy of it and the changed span relative to the
   * definition's start (`[start, oldEnd)` in the earlier text, `[start, newEnd)` now).
   */
  edited(startIndex: number, endIndex: number): { readonly copy: SyntaxNode; readonly start: number; readonly oldEnd: number; readonly newEnd: number } | undefined;
  /**
   * The span the edits changed (text or syntax, in today's coordinates) and the definitions an earlier lint found
   * wholly before and after it (not touching it; those after it are `moved` characters further now): outside that
   * span the tree has the same nodes, so only the part of the tree around it needs a walk.
   */
  around(): { readonly start: number; readonly newEnd: number; readonly moved: number; readonly before: readonly KnownDefinition[]; readonly after: readonly KnownDefinition[] } | undefined;
}

/** A definition an earlier lint found, where it is now. */
export interface KnownDefinition {
  readonly startIndex: number;
  readonly endIndex: number;
  readonly guards: string;
  readonly memo: DefinitionMemo;
}

/** A function definition of the tree, located without copying it. */
export interface DefinitionRef {
  readonly startIndex: number;
  readonly endIndex: number;
  /** The definition's text (its identity for the caches). */
  readonly text: string;
  readonly memo: DefinitionMemo;
  /**
   * The directive lines of the preprocessor branches around the definition, outermost first: the version guards
   * the rules read through its ancestors lie outside its text.
   */
  readonly guards: string;
  /** The copied definition (copied on first use, with a shallow copy of its ancestors). */
  node(): SyntaxNode;
  /** The function's name and body text, read without copying the definition. */
  outline(): { name: string; body: string };
}

/**
 * A definition's name and body, read from its own text: what is derived from them is kept between lints, and
 * substrings of the file's text would keep that whole text alive.
 */
function outline(definition: TreeSitterNode, text: string): { name: string; body: string } {
  let declarator = definition.childForFieldName('declarator');
  while (declarator && declarator.type !== 'function_declarator') declarator = declarator.childForFieldName('declarator');
  const name = declarator?.childForFieldName('declarator');
  const body = definition.childForFieldName('body');
  // A C++ constructor's initializer list runs before its body: its calls (`ssl_(SSL_new(ctx))`) count as the body's.
  const initializers = body?.previousSibling?.type === 'field_initializer_list' ? body.previousSibling : undefined;
  const slice = (from: TreeSitterNode, to: TreeSitterNode) => text.slice(from.startIndex - definition.startIndex, to.endIndex - definition.startIndex);
  return {
    name: name ? slice(name, name).replace(/[()\s]/g, '') : '<anonymous>',
    body: body ? slice(initializers ?? body, body) : '',
  };
}

/** Node types that can contain function definitions, outside function bodies. */
const containers = new Set(['translation_unit', 'preproc_if', 'preproc_ifdef', 'preproc_elif', 'preproc_elifdef', 'preproc_else',
  'linkage_specification', 'declaration_list', 'namespace_definition', 'template_declaration', 'class_specifier',
  'struct_specifier', 'union_specifier', 'field_declaration_list', 'ERROR']);

/**
 * Copies of a tree-sitter tree's function definitions, made on demand. Reading tree-sitter nodes crosses into
 * wasm on every access, so each definition the rules need is copied once with a cursor walk; definitions whose
 * findings are known from an earlier lint are never copied, and a definition an edit did not touch reuses the copy
 * an earlier lint made (moved to its new offset).
 */
export class TreeCopy {
  private refs: DefinitionRef[] | undefined;
  /** The text of the ancestors copied above definitions (they are copied afresh for every lint). */
  private readonly fileText: CopiedText;
  /** The definitions linked below this lint's ancestors, to unlink them when the lint is over. */
  private readonly linked: SyntaxNode[] = [];

  constructor(private readonly tree: Tree, private readonly source: string, private readonly carried?: CarriedCopies) {
    this.fileText = { text: source, base: 0 };
  }

  definitions(): readonly DefinitionRef[] {
    this.refs ??= this.findDefinitions();
    return this.refs;
  }

  /**
   * Unlinks the definitions from this lint's ancestors: a memo carried to the next lint must not keep this
   * version of the file's text alive.
   */
  release(): void {
    for (const node of this.linked) node.parent = null;
  }

  /**
   * Visits only the nodes that can contain function definitions (much cheaper than visiting every node). After an
   * edit, only the part of the tree the edit changed: the other definitions are those an earlier lint found.
   */
  private findDefinitions(): DefinitionRef[] {
    const around = this.carried?.around();
    const changed = around && this.definitionsWithin(around.start, around.newEnd, true);
    if (around && changed) {
      // Found by an earlier lint outside the changed span: their tree nodes are looked up on first use.
      const known = (moved: number) => ({ startIndex, endIndex, memo, guards }: KnownDefinition) =>
        new TreeDefinition(this, startIndex + moved, endIndex + moved, memo, guards, undefined);
      return [...around.before.map(known(0)), ...changed, ...around.after.map(known(around.moved))];
    }
    return this.definitionsWithin(0, this.source.length, false) ?? [];
  }

  /**
   * The definitions that overlap or touch `[start, end]`, found through the containers that do. A definition that
   * only touches the span is included: an edit at its edge may have changed where it starts or ends. With
   * `changedSpan`, undefined when the span touches a directive line (the guards of definitions outside it then
   * change too).
   */
  private definitionsWithin(start: number, end: number, changedSpan: boolean): DefinitionRef[] | undefined {
    const refs: DefinitionRef[] = [];
    const language = this.tree.language;
    const visit = (container: TreeSitterNode, guards: string): boolean => {
      for (let child = container.firstChildForIndex(Math.max(0, start - 1)); child && child.startIndex <= end; child = child.nextSibling) {
        const { type } = kindOf(language, child.typeId);
        if (type === 'function_definition') refs.push(this.ref(child, guards));
        else if (containers.has(type)) {
          const directive = type.startsWith('preproc_') ? this.directiveOf(child) : '';
          if (changedSpan && directive && child.startIndex <= end && child.startIndex + directive.length >= start) return false;
          if (!visit(child, directive ? `${guards}${directive}\n` : guards)) return false;
        }
      }
      return true;
    };
    return visit(this.tree.rootNode, '') ? refs : undefined;
  }

  /** A definition of this tree, copied on first use. */
  private ref(definition: TreeSitterNode, guards: string): DefinitionRef {
    const { startIndex, endIndex } = definition;
    const memo = this.carried?.unchanged(startIndex, endIndex) ?? { text: this.ownText(startIndex, endIndex) };
    return new TreeDefinition(this, startIndex, endIndex, memo, guards, definition);
  }

  /** The tree-sitter node of the definition at `[startIndex, endIndex)` (for TreeDefinition). */
  definitionAt(startIndex: number, endIndex: number): TreeSitterNode {
    for (let node: TreeSitterNode | null = this.tree.rootNode.descendantForIndex(startIndex, endIndex); node; node = node.parent) {
      if (node.startIndex === startIndex && node.endIndex === endIndex && node.type === 'function_definition') return node;
    }
    throw new Error(`no definition at ${startIndex}-${endIndex}`);
  }

  /** The directive line of a preprocessor branch (`#if …`, `#ifdef NAME`, `#else`), up to its condition's end. */
  private directiveOf(branch: TreeSitterNode): string {
    const end = (branch.childForFieldName('condition') ?? branch.childForFieldName('name'))?.endIndex;
    const lineEnd = this.source.indexOf('\n', branch.startIndex);
    return this.source.slice(branch.startIndex, end ?? (lineEnd < 0 ? branch.endIndex : lineEnd));
  }

  /**
   * A definition's text, copied: memos outlive the lint when they are carried, and a slice would keep the whole
   * text of the file as it was then alive.
   */
  private ownText(startIndex: number, endIndex: number): string {
    return ` ${this.source.slice(startIndex, endIndex)}`.slice(1);
  }

  /**
   * The copied definition (for TreeDefinition): copied in full, or taken from the memo and moved to where it now
   * starts. Its ancestors are linked on first use (the tree node is looked up only then, or to copy).
   */
  copyDefinition(ref: TreeDefinition): SyntaxNode {
    const { startIndex, endIndex, memo } = ref;
    if (memo.copy) memo.copy.source.base = startIndex;
    else {
      const definition = ref.treeNode();
      const source: CopiedText = { text: memo.text, base: startIndex };
      const node = new SyntaxNode(definition.type, 0, memo.text.length, definition.isNamed, source);
      const cursor = definition.walk();
      try {
        const earlier = this.carried?.edited(startIndex, endIndex);
        copyUnder(cursor, this.tree.language, node, source, earlier && new EarlierCopy(earlier.copy, earlier.start, earlier.oldEnd, earlier.newEnd));
      } finally {
        cursor.delete();
      }
      memo.copy = { node, source };
    }
    const { node } = memo.copy;
    node.parentLater(() => this.ancestorsOf(ref.treeNode(), node));
    this.linked.push(node);
    return node;
  }

  /**
   * Copies the ancestors of a definition as a chain and links the copied definition below them; #if-style ones also
   * get their condition and #else branch (for version guards). Returns the definition's parent.
   */
  private ancestorsOf(original: TreeSitterNode, definition: SyntaxNode): SyntaxNode | null {
    const chain: TreeSitterNode[] = [];
    for (let n = original.parent; n; n = n.parent) chain.unshift(n);
    const link = (node: SyntaxNode, under: SyntaxNode | null, field: string | null): SyntaxNode => {
      node.parent = under;
      under?.children.push(node);
      under?.fieldNames.push(field);
      return node;
    };
    const copyOf = (n: TreeSitterNode, under: SyntaxNode | null, field: string | null): SyntaxNode =>
      link(new SyntaxNode(n.type, n.startIndex, n.endIndex, n.isNamed, this.fileText), under, field);
    const fieldBelow = (above: TreeSitterNode | undefined, n: TreeSitterNode) =>
      above?.type.startsWith('preproc_') && above.childForFieldName('alternative')?.startIndex === n.startIndex ? 'alternative' : null;
    let parent: SyntaxNode | null = null;
    chain.forEach((ancestor, i) => {
      const node = copyOf(ancestor, parent, fieldBelow(chain[i - 1], ancestor));
      const below = chain[i + 1] ?? original;
      if (ancestor.type.startsWith('preproc_')) {
        for (const field of ['condition', 'name', 'alternative']) {
          const child = ancestor.childForFieldName(field);
          if (child && child.startIndex !== below.startIndex) copyOf(child, node, field);
        }
      }
      parent = node;
    });
    const above = parent as SyntaxNode | null;
    above?.children.push(definition);
    above?.fieldNames.push(fieldBelow(chain.at(-1), original));
    return above;
  }
}

/** A definition of a copied tree: located without copying it, copied on first use. */
class TreeDefinition implements DefinitionRef {
  private copied: SyntaxNode | undefined;

  /** `found` is its tree node, when the walk that found it has it (else looked up when needed). */
  constructor(private readonly copy: TreeCopy, readonly startIndex: number, readonly endIndex: number, readonly memo: DefinitionMemo, readonly guards: string, private found: TreeSitterNode | undefined) {}

  get text(): string {
    return this.memo.text;
  }

  node(): SyntaxNode {
    this.copied ??= this.copy.copyDefinition(this);
    return this.copied;
  }

  outline(): { name: string; body: string } {
    return outline(this.treeNode(), this.memo.text);
  }

  treeNode(): TreeSitterNode {
    this.found ??= this.copy.definitionAt(this.startIndex, this.endIndex);
    return this.found;
  }
}
