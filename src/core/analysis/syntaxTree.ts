import type { Tree } from './parser';

/**
 * A plain-JavaScript copy of (part of) a tree-sitter tree. Reading web-tree-sitter nodes crosses into wasm on
 * every property access; the rules read each node many times, so the tree is copied once with a cursor walk.
 * The subset of the web-tree-sitter Node API the analysis uses is kept, so code reads the same either way.
 */
export class SyntaxNode {
  parent: SyntaxNode | null = null;
  readonly children: SyntaxNode[] = [];
  readonly fieldNames: (string | null)[] = [];
  hasError = false;
  private named: SyntaxNode[] | undefined;

  constructor(readonly id: number, readonly type: string, readonly startIndex: number, readonly endIndex: number, readonly isNamed: boolean, private readonly source: string) {}

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
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

/** Copies the subtree under the cursor's node into `target` (which stands for that node). */
function copyUnder(cursor: Cursor, target: SyntaxNode, source: string, nextId: () => number): void {
  const make = (parent: SyntaxNode): SyntaxNode => {
    const node = new SyntaxNode(nextId(), cursor.nodeType, cursor.startIndex, cursor.endIndex, cursor.nodeIsNamed, source);
    node.parent = parent;
    // ERROR nodes and zero-width MISSING nodes are where tree-sitter recovered from a syntax error.
    node.hasError = cursor.nodeType === 'ERROR' || (cursor.nodeIsMissing && node.startIndex === node.endIndex);
    parent.children.push(node);
    parent.fieldNames.push(cursor.currentFieldName);
    return node;
  };
  const stack: SyntaxNode[] = [target];
  for (;;) {
    const current = stack[stack.length - 1];
    if (!current) return;
    if (cursor.gotoFirstChild()) {
      stack.push(make(current));
      continue;
    }
    for (;;) {
      const done = stack.pop();
      const parent = stack[stack.length - 1];
      if (!done || !parent) return;
      if (done.hasError) parent.hasError = true;
      if (cursor.gotoNextSibling()) {
        stack.push(make(parent));
        break;
      }
      cursor.gotoParent();
    }
  }
}

/** A function definition of the tree, located without copying it. */
export interface DefinitionRef {
  readonly startIndex: number;
  readonly endIndex: number;
  /** The definition's text (its identity for the caches). */
  readonly text: string;
  /** The copied definition (copied on first use, with a shallow copy of its ancestors). */
  node(): SyntaxNode;
  /** The function's name and body text, read without copying the definition. */
  outline(): { name: string; body: string };
}

/** Node types that can contain function definitions, outside function bodies. */
const containers = new Set(['translation_unit', 'preproc_if', 'preproc_ifdef', 'preproc_elif', 'preproc_elifdef', 'preproc_else',
  'linkage_specification', 'declaration_list', 'namespace_definition', 'template_declaration', 'class_specifier',
  'struct_specifier', 'union_specifier', 'field_declaration_list', 'ERROR']);

/**
 * Copies of a tree-sitter tree's function definitions, made on demand. Reading tree-sitter nodes crosses into
 * wasm on every access, so each definition the rules need is copied once with a cursor walk; definitions whose
 * findings are known from an earlier lint are never copied.
 */
export class TreeCopy {
  private counter = 0;
  private refs: DefinitionRef[] | undefined;

  constructor(private readonly tree: Tree, private readonly source: string) {}

  definitions(): readonly DefinitionRef[] {
    this.refs ??= this.findDefinitions();
    return this.refs;
  }

  /** Walks only the nodes that can contain function definitions (much cheaper than visiting every node). */
  private findDefinitions(): DefinitionRef[] {
    const refs: DefinitionRef[] = [];
    const cursor = this.tree.walk();
    try {
      const visit = (): void => {
        if (!cursor.gotoFirstChild()) return;
        do {
          const type = cursor.nodeType;
          if (type === 'function_definition') {
            const original = cursor.currentNode;
            const { startIndex, endIndex } = cursor;
            let copied: SyntaxNode | undefined;
            refs.push({
              startIndex, endIndex, text: this.source.slice(startIndex, endIndex),
              node: () => (copied ??= this.copyDefinition(original)),
              outline: () => this.outline(original),
            });
          } else if (containers.has(type)) {
            visit();
          }
        } while (cursor.gotoNextSibling());
        cursor.gotoParent();
      };
      visit();
    } finally {
      cursor.delete();
    }
    return refs;
  }

  private outline(definition: TreeSitterNode): { name: string; body: string } {
    let declarator = definition.childForFieldName('declarator');
    while (declarator && declarator.type !== 'function_declarator') declarator = declarator.childForFieldName('declarator');
    const name = declarator?.childForFieldName('declarator');
    const body = definition.childForFieldName('body');
    return {
      name: name ? this.source.slice(name.startIndex, name.endIndex).replace(/[()\s]/g, '') : '<anonymous>',
      body: body ? this.source.slice(body.startIndex, body.endIndex) : '',
    };
  }

  private nextId(): number {
    return this.counter++;
  }

  private copyDefinition(original: TreeSitterNode): SyntaxNode {
    // The ancestors are linked as a chain; #if-style ones also get their condition and #else branch (for version
    // guards). The definition itself is copied in full.
    const chain: TreeSitterNode[] = [];
    for (let n = original.parent; n; n = n.parent) chain.unshift(n);
    chain.push(original);
    const copyOf = (n: TreeSitterNode, under: SyntaxNode | null, field: string | null): SyntaxNode => {
      const node = new SyntaxNode(this.nextId(), n.type, n.startIndex, n.endIndex, n.isNamed, this.source);
      node.parent = under;
      under?.children.push(node);
      under?.fieldNames.push(field);
      return node;
    };
    let parent: SyntaxNode | null = null;
    let definition: SyntaxNode | undefined;
    chain.forEach((ancestor, i) => {
      const above = chain[i - 1];
      const isAlternative = above?.childForFieldName('alternative')?.startIndex === ancestor.startIndex && above.type.startsWith('preproc_');
      const node = copyOf(ancestor, parent, isAlternative ? 'alternative' : null);
      const below = chain[i + 1];
      if (!below) {
        const cursor = ancestor.walk();
        try {
          copyUnder(cursor, node, this.source, () => this.nextId());
        } finally {
          cursor.delete();
        }
        definition = node;
      } else if (ancestor.type.startsWith('preproc_')) {
        for (const field of ['condition', 'name', 'alternative']) {
          const child = ancestor.childForFieldName(field);
          if (child && child.startIndex !== below.startIndex) copyOf(child, node, field);
        }
      }
      parent = node;
    });
    if (!definition) throw new Error('definition not copied');
    return definition;
  }
}
