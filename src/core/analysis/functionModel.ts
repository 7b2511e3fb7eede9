import { memoized } from '../memo';
import type { SyntaxNode as Node } from './syntaxTree';
import { Cfg } from './cfg';
import { branchFacts, impliedFacts, type Fact } from './facts';
import { calleeName, forEachDescendant, lvalueKey, stripExpr, within } from './syntax';

/** A definition of a tracked lvalue: `x = e`, `T x = e`, `T x;`, `x++`, `f(&x)` or a parameter. */
export interface Def {
  readonly key: string;
  readonly kind: 'assign' | 'init' | 'declare' | 'update' | 'address' | 'param';
  /** The assigned expression for `assign` and `init`. */
  readonly rhs: Node | null;
  readonly syntax: Node;
  readonly cfg: number;
  /** Offset after which the definition holds (uses in the same statement after it see it). */
  readonly end: number;
}

export interface CallSite {
  readonly node: Node;
  readonly name: string;
  readonly cfg: number;
}

/** The name declared by a declarator (`*p`, `buf[10]`, `x = 1`…). */
export function declaredName(declarator: Node): Node | undefined {
  let current: Node | null = declarator;
  while (current) {
    if (current.type === 'identifier' || current.type === 'field_identifier') return current;
    current = current.childForFieldName('declarator');
  }
  return undefined;
}

/** A function's locals by name, each with its first declaration (kept with the model). */
export const declarationsOf = memoized((model: FunctionModel): ReadonlyMap<string, Node> => {
  const found = new Map<string, Node>();
  forEachDescendant(model.body, (n) => {
    if (n.type !== 'declaration') return;
    for (const declarator of n.childrenForFieldName('declarator')) {
      const name = declaredName(declarator);
      if (name && !found.has(name.text)) found.set(name.text, n);
    }
  });
  return found;
});

/**
 * One function: its CFG, the facts that guard each statement, and demand-driven reaching definitions
 * for locals and simple field paths (`p->ssl`).
 */
export class FunctionModel {
  private readonly defsByNode = new Map<number, Def[]>();
  private callList: CallSite[] | undefined;
  readonly params: readonly Def[];

  constructor(readonly definition: Node, readonly body: Node, readonly name: string, readonly cfg: Cfg, readonly paramNames: readonly Node[]) {
    this.params = paramNames.map((p) => ({ key: p.text, kind: 'param', rhs: null, syntax: p, cfg: cfg.entry, end: 0 }));
  }

  /** Every call in the body with its CFG node, in source order (calls in unreachable or unmodelled code are skipped). */
  calls(): readonly CallSite[] {
    if (!this.callList) {
      const list: CallSite[] = [];
      forEachDescendant(this.body, (node) => {
        if (node.type !== 'call_expression') return;
        const name = calleeName(node);
        const cfgNode = name === undefined ? undefined : this.cfg.nodeOf(node);
        if (name !== undefined && cfgNode) list.push({ node, name, cfg: cfgNode.id });
      });
      this.callList = list;
    }
    return this.callList;
  }

  callsNamed(names: ReadonlySet<string> | ((name: string) => boolean)): CallSite[] {
    const test = typeof names === 'function' ? names : (n: string) => names.has(n);
    return this.calls().filter((c) => test(c.name));
  }

  /** The definitions made by one CFG node, in evaluation order (approximated by source order). */
  defsIn(id: number): Def[] {
    let defs = this.defsByNode.get(id);
    if (defs) return defs;
    defs = [];
    const syntax = this.cfg.node(id).syntax;
    if (syntax) collectDefs(syntax, id, defs);
    this.defsByNode.set(id, defs);
    return defs;
  }

  /** Definitions of `key` that reach the point `position` inside CFG node `id` (parameters included). */
  reachingDefsAt(key: string, id: number, position: number): Def[] {
    const result: Def[] = [];
    const local = this.defsIn(id).filter((d) => d.key === key && d.end <= position);
    if (this.collectFromNode(local, result)) return result;
    const seen = new Set<number>();
    const stack = [...this.cfg.node(id).pred];
    while (stack.length > 0) {
      const current = stack.pop();
      if (current === undefined || seen.has(current)) continue;
      seen.add(current);
      if (current === this.cfg.entry) {
        result.push(...this.params.filter((p) => p.key === key));
        continue;
      }
      const defs = this.defsIn(current).filter((d) => d.key === key);
      if (this.collectFromNode(defs, result)) continue;
      stack.push(...this.cfg.node(current).pred);
    }
    return result;
  }

  /** Adds the defs of one node that reach its end; true when one of them kills older definitions. */
  private collectFromNode(defs: readonly Def[], into: Def[]): boolean {
    for (let i = defs.length - 1; i >= 0; i--) {
      const def = defs[i];
      if (!def) continue;
      if (!into.includes(def)) into.push(def);
      if (def.kind !== 'address') return true;
    }
    return false;
  }

  /** Definitions reaching a use of an lvalue expression. */
  reachingDefs(use: Node): Def[] {
    const key = lvalueKey(use);
    const node = this.cfg.nodeOf(use);
    if (key === undefined || !node) return [];
    return this.reachingDefsAt(key, node.id, use.startIndex);
  }

  /** Whether the value defined by `def` is read anywhere before being overwritten. */
  isUsed(def: Def): boolean {
    if (usesIn(this.cfg.node(def.cfg).syntax, def.key, def.end, def)) return true;
    const seen = new Set<number>();
    const stack = [...this.cfg.node(def.cfg).succ];
    while (stack.length > 0) {
      const id = stack.pop();
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      const syntax = this.cfg.node(id).syntax;
      if (usesIn(syntax, def.key, -1, undefined)) return true;
      if (this.defsIn(id).some((d) => d.key === def.key && d.kind !== 'address')) continue;
      stack.push(...this.cfg.node(id).succ);
    }
    return false;
  }

  /** The facts that hold where `syntax` is evaluated: CFG guards plus `c ? x : y` / `a && x` / `a || x` in its statement. */
  factsAt(syntax: Node): Fact[] {
    const node = this.cfg.nodeOf(syntax);
    if (!node) return [];
    const facts = this.cfg.guards(node.id).flatMap(branchFacts);
    const root = node.syntax;
    for (let child: Node = syntax, parent = syntax.parent; parent && root && within(parent, root); child = parent, parent = parent.parent) {
      if (parent.type === 'conditional_expression') {
        const condition = parent.childForFieldName('condition');
        if (condition && child.id !== condition.id) facts.push(...impliedFacts(condition, child.id === parent.childForFieldName('consequence')?.id));
      } else if (parent.type === 'binary_expression') {
        const op = parent.childForFieldName('operator')?.text;
        const left = parent.childForFieldName('left');
        if (left && child.id !== left.id && (op === '&&' || op === '||')) facts.push(...impliedFacts(left, op === '&&'));
      }
      if (parent.id === root.id) break;
    }
    return facts;
  }

  /** The statement-level node `syntax` belongs to, as a CFG node id. */
  cfgOf(syntax: Node): number | undefined {
    return this.cfg.nodeOf(syntax)?.id;
  }
}

function collectDefs(root: Node, cfg: number, into: Def[]): void {
  const add = (key: string | undefined, kind: Def['kind'], rhs: Node | null, syntax: Node) => {
    // `end` is read from the node: a model carried to the next lint moves with its definition.
    if (key !== undefined) into.push({ key, kind, rhs, syntax, cfg, get end() { return syntax.endIndex; } });
  };
  forEachDescendant(root, (node) => {
    switch (node.type) {
      case 'init_declarator': {
        const declarator = node.childForFieldName('declarator');
        const name = declarator ? declaredName(declarator) : undefined;
        const value = node.childForFieldName('value');
        add(name?.text, 'init', value && value.type !== 'initializer_list' && value.type !== 'argument_list' ? value : null, node);
        break;
      }
      case 'declaration': {
        for (const declarator of node.childrenForFieldName('declarator')) {
          if (!declarator || declarator.type === 'init_declarator') continue;
          add(declaredName(declarator)?.text, 'declare', null, declarator);
        }
        break;
      }
      case 'assignment_expression': {
        const left = node.childForFieldName('left');
        const op = node.childForFieldName('operator')?.text;
        if (!left) break;
        const key = lvalueKey(left);
        add(key, op === '=' ? 'assign' : 'update', op === '=' ? node.childForFieldName('right') : null, node);
        break;
      }
      case 'update_expression': {
        const arg = node.childForFieldName('argument');
        if (arg) add(lvalueKey(arg), 'update', null, node);
        break;
      }
      case 'pointer_expression': {
        if (node.childForFieldName('operator')?.text !== '&') break;
        const arg = node.childForFieldName('argument');
        if (arg) add(lvalueKey(arg), 'address', null, node);
        break;
      }
      default:
        break;
    }
  });
  // Definitions complete when their whole expression does: order by end so nested ones come first.
  into.sort((a, b) => a.end - b.end);
}

/** Whether `root` reads `key` after offset `from` (the assignment target of a plain `=` is not a read). */
function usesIn(root: Node | undefined, key: string, from: number, def: Def | undefined): boolean {
  if (!root) return false;
  let found = false;
  forEachDescendant(root, (node) => {
    if (found) return 'skip';
    if (node.endIndex <= from && def) return 'skip';
    if (node.type !== 'identifier' && node.type !== 'field_expression' && node.type !== 'pointer_expression') return undefined;
    if (lvalueKey(node) !== key) return node.type === 'identifier' ? 'skip' : undefined;
    const parent = node.parent;
    const isTarget = parent?.type === 'assignment_expression' && parent.childForFieldName('operator')?.text === '=' && parent.childForFieldName('left')?.id === node.id;
    if (!isTarget && node.startIndex >= from) found = true;
    return 'skip';
  });
  return found;
}

/** The identifier a parameter declaration declares. */
export function parameterNames(definition: Node): Node[] {
  const names: Node[] = [];
  let declarator = definition.childForFieldName('declarator');
  while (declarator && declarator.type !== 'function_declarator') declarator = declarator.childForFieldName('declarator');
  const params = declarator?.childForFieldName('parameters');
  for (const param of params?.namedChildren ?? []) {
    if (param?.type !== 'parameter_declaration') continue;
    const d = param.childForFieldName('declarator');
    const name = d ? declaredName(d) : undefined;
    if (name) names.push(name);
  }
  return names;
}

/** The function's own name (`f`, `C::f`). */
export function functionName(definition: Node): string {
  let declarator = definition.childForFieldName('declarator');
  while (declarator && declarator.type !== 'function_declarator') declarator = declarator.childForFieldName('declarator');
  const name = declarator?.childForFieldName('declarator');
  return name ? stripExpr(name).text : '<anonymous>';
}
