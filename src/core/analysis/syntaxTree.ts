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
  /** False when the copy skipped this node's subtree (a function body that mentions nothing the rules look at). */
  expanded = true;
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

/**
 * Copies a tree. `expandBody(text)` decides, for each function definition, whether its body is copied in full
 * or kept as a leaf (the analysis never looks inside bodies that mention nothing it checks).
 */
export function copyTree(tree: Tree, source: string, expandBody: (bodyText: string) => boolean): SyntaxNode {
  const cursor = tree.walk();
  let nextId = 0;
  const make = (parent: SyntaxNode | null): SyntaxNode => {
    const node = new SyntaxNode(nextId++, cursor.nodeType, cursor.startIndex, cursor.endIndex, cursor.nodeIsNamed, source);
    node.parent = parent;
    // A zero-width named node is one tree-sitter inserted to recover from an error (MISSING).
    node.hasError = cursor.nodeType === 'ERROR' || (cursor.nodeIsMissing && node.startIndex === node.endIndex);
    return node;
  };
  const root = make(null);
  const stack: SyntaxNode[] = [root];
  try {
    for (;;) {
      const current = stack[stack.length - 1];
      if (!current) break;
      const skip = current.type === 'compound_statement' && current.parent?.type === 'function_definition'
        && current.parent.childForFieldName('body') === current && !expandBody(current.text);
      if (skip) current.expanded = false;
      if (!skip && cursor.gotoFirstChild()) {
        const child = make(current);
        current.children.push(child);
        current.fieldNames.push(cursor.currentFieldName);
        stack.push(child);
        continue;
      }
      // Climb until a node has a next sibling, propagating hasError upwards.
      for (;;) {
        const done = stack.pop();
        const parent = stack[stack.length - 1];
        if (!done || !parent) return root;
        if (done.hasError) parent.hasError = true;
        if (cursor.gotoNextSibling()) {
          const sibling = make(parent);
          parent.children.push(sibling);
          parent.fieldNames.push(cursor.currentFieldName);
          stack.push(sibling);
          break;
        }
        cursor.gotoParent();
      }
    }
    return root;
  } finally {
    cursor.delete();
  }
}
