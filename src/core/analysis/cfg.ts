import type { SyntaxNode as Node } from './syntaxTree';
import { calleeName, callsIn, stripExpr } from './syntax';

/** Which way control left a condition: an `if`/loop test taken or not, or a `switch` case (default = none matched). */
export type Branch =
  | { readonly kind: 'cond'; readonly cond: Node; readonly value: boolean }
  | { readonly kind: 'case'; readonly subject: Node; readonly labels: readonly Node[] }
  | { readonly kind: 'default'; readonly subject: Node; readonly excluded: readonly Node[] };

export interface CfgNode {
  readonly id: number;
  /** stmt: a statement evaluated as a whole; cond: a test; branch: the outcome of a test; join: a merge point. */
  readonly kind: 'entry' | 'exit' | 'stmt' | 'cond' | 'branch' | 'join';
  readonly syntax?: Node;
  readonly branch?: Branch;
  readonly succ: number[];
  readonly pred: number[];
}

/** Thrown while building when the function uses a construct the analysis does not model; the function is skipped. */
export class UnsupportedConstruct extends Error {}

interface LoopFrame { breaks: number[]; continues: number[] | undefined }

const maxNodes = 50_000;
const maxNesting = 400;

/** The control-flow graph of one function body, with dominators (computed on demand). */
export class Cfg {
  readonly nodes: CfgNode[] = [];
  readonly entry: number;
  readonly exit: number;
  /** CFG node of each statement/condition root, by tree-sitter node id. */
  private readonly rootOf = new Map<number, number>();
  private idom: Int32Array | undefined;

  private readonly labels = new Map<string, number>();
  private readonly frames: LoopFrame[] = [];
  private readonly catchTargets: number[][] = [];
  private readonly tryBodies: number[][] = [];

  constructor(body: Node, private readonly noReturn: (name: string) => boolean) {
    this.entry = this.add('entry');
    this.exit = this.add('exit');
    const out = this.statement(body, [this.entry]);
    this.link(out, this.exit);
  }

  /** The CFG node that evaluates `syntax` (the nearest enclosing statement or condition), if any. */
  nodeOf(syntax: Node): CfgNode | undefined {
    for (let n: Node | null = syntax; n; n = n.parent) {
      const id = this.rootOf.get(n.id);
      if (id !== undefined) return this.nodes[id];
    }
    return undefined;
  }

  node(id: number): CfgNode {
    const node = this.nodes[id];
    if (!node) throw new RangeError(`no CFG node ${id}`);
    return node;
  }

  /** The branch outcomes that every path from the entry to `id` passes through, innermost first. */
  guards(id: number): Branch[] {
    const idom = this.dominators();
    const result: Branch[] = [];
    let current = idom[id] ?? -1;
    if (current === -1 && id !== this.entry) return result;
    while (current !== -1 && current !== this.entry) {
      const branch = this.nodes[current]?.branch;
      if (branch) result.push(branch);
      const next = idom[current] ?? -1;
      if (next === current) break;
      current = next;
    }
    return result;
  }

  /** Whether node `a` dominates node `b`. */
  dominates(a: number, b: number): boolean {
    const idom = this.dominators();
    for (let current = b; current !== -1; current = idom[current] ?? -1) {
      if (current === a) return true;
      if (current === this.entry) return false;
    }
    return false;
  }

  /** Nodes reachable from `start` (excluded unless a loop leads back to it) without passing through a `stop` node. */
  reachable(start: number, stop: (id: number) => boolean = () => false, direction: 'succ' | 'pred' = 'succ'): Set<number> {
    const seen = new Set<number>();
    const stack = [...this.node(start)[direction]];
    while (stack.length > 0) {
      const id = stack.pop();
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      if (stop(id)) continue;
      for (const next of this.node(id)[direction]) if (!seen.has(next)) stack.push(next);
    }
    return seen;
  }

  private dominators(): Int32Array {
    if (this.idom) return this.idom;
    // Cooper, Harvey and Kennedy, "A Simple, Fast Dominance Algorithm": iterate over reverse postorder.
    const order: number[] = [];
    const visited = new Uint8Array(this.nodes.length);
    const stack: [number, number][] = [[this.entry, 0]];
    visited[this.entry] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (!top) break;
      const succ = this.node(top[0]).succ;
      if (top[1] < succ.length) {
        const next = succ[top[1]++];
        if (next !== undefined && !visited[next]) {
          visited[next] = 1;
          stack.push([next, 0]);
        }
      } else {
        order.push(top[0]);
        stack.pop();
      }
    }
    const rpo = order.reverse();
    const position = new Int32Array(this.nodes.length).fill(-1);
    rpo.forEach((id, i) => { position[id] = i; });
    const idom = new Int32Array(this.nodes.length).fill(-1);
    idom[this.entry] = this.entry;
    const intersect = (a: number, b: number): number => {
      while (a !== b) {
        while ((position[a] ?? 0) > (position[b] ?? 0)) a = idom[a] ?? this.entry;
        while ((position[b] ?? 0) > (position[a] ?? 0)) b = idom[b] ?? this.entry;
      }
      return a;
    };
    for (let changed = true; changed;) {
      changed = false;
      for (const id of rpo) {
        if (id === this.entry) continue;
        let candidate = -1;
        for (const p of this.node(id).pred) {
          if ((idom[p] ?? -1) === -1) continue;
          candidate = candidate === -1 ? p : intersect(p, candidate);
        }
        if (candidate !== -1 && idom[id] !== candidate) {
          idom[id] = candidate;
          changed = true;
        }
      }
    }
    this.idom = idom;
    return idom;
  }

  private add(kind: CfgNode['kind'], syntax?: Node, branch?: Branch): number {
    if (this.nodes.length >= maxNodes) throw new UnsupportedConstruct('function too large');
    const id = this.nodes.length;
    this.nodes.push({ id, kind, syntax, branch, succ: [], pred: [] });
    if (syntax && (kind === 'stmt' || kind === 'cond')) this.rootOf.set(syntax.id, id);
    for (const body of this.tryBodies) body.push(id);
    return id;
  }

  private link(from: readonly number[], to: number): void {
    const target = this.node(to);
    for (const id of from) {
      const source = this.node(id);
      if (!source.succ.includes(to)) {
        source.succ.push(to);
        target.pred.push(id);
      }
    }
  }

  private simple(syntax: Node, preds: readonly number[]): number[] {
    const id = this.add('stmt', syntax);
    this.link(preds, id);
    const ends = callsIn(syntax).some((call) => {
      const name = calleeName(call);
      return name !== undefined && this.noReturn(name);
    });
    return ends ? [] : [id];
  }

  private test(cond: Node, preds: readonly number[]): { yes: number; no: number } {
    const id = this.add('cond', cond);
    this.link(preds, id);
    const yes = this.add('branch', undefined, { kind: 'cond', cond, value: true });
    const no = this.add('branch', undefined, { kind: 'cond', cond, value: false });
    this.link([id], yes);
    this.link([id], no);
    return { yes, no };
  }

  private statements(nodes: readonly Node[], preds: readonly number[]): number[] {
    let current = [...preds];
    for (const child of nodes) current = this.statement(child, current);
    return current;
  }

  private label(name: string): number {
    let id = this.labels.get(name);
    if (id === undefined) {
      id = this.add('join');
      this.labels.set(name, id);
    }
    return id;
  }

  private depth = 0;

  private statement(node: Node, preds: readonly number[]): number[] {
    // Deeply nested code (generated, or hostile) is skipped before recursion can exhaust the stack.
    if (++this.depth > maxNesting) throw new UnsupportedConstruct('nesting too deep');
    try {
      return this.statementOf(node, preds);
    } finally {
      this.depth--;
    }
  }

  private statementOf(node: Node, preds: readonly number[]): number[] {
    switch (node.type) {
      case 'compound_statement':
        return this.statements(namedStatements(node), preds);
      case 'comment':
      case 'preproc_def':
      case 'preproc_function_def':
      case 'preproc_call':
      case 'preproc_include':
      case 'type_definition':
      case 'struct_specifier':
      case 'enum_specifier':
      case 'union_specifier':
      case 'static_assert_declaration':
      case 'alias_declaration':
      case 'using_declaration':
      case 'namespace_alias_definition':
      case 'class_specifier':
        return [...preds];
      case 'expression_statement':
        return node.namedChildCount === 0 ? [...preds] : this.simple(node, preds);
      case 'declaration':
        return this.simple(node, preds);
      case 'return_statement':
      case 'co_return_statement': {
        const id = this.add('stmt', node);
        this.link(preds, id);
        this.link([id], this.exit);
        return [];
      }
      case 'throw_statement': {
        const id = this.add('stmt', node);
        this.link(preds, id);
        // A throw goes to the handlers of the innermost try, or leaves the function.
        const handlers = this.catchTargets.at(-1) ?? [];
        for (const target of handlers.length > 0 ? handlers : [this.exit]) this.link([id], target);
        return [];
      }
      case 'if_statement': {
        const condition = node.childForFieldName('condition');
        const consequence = node.childForFieldName('consequence');
        if (!condition || !consequence) throw new UnsupportedConstruct('incomplete if');
        const { expr, before } = this.conditionParts(condition, preds);
        const { yes, no } = this.test(expr, before);
        const thenOut = this.statement(consequence, [yes]);
        const alternative = node.childForFieldName('alternative');
        const elseBody = alternative?.type === 'else_clause' ? alternative.namedChildren.find((c) => c !== null && c.type !== 'comment') : alternative;
        const elseOut = elseBody ? this.statement(elseBody, [no]) : [no];
        return [...thenOut, ...elseOut];
      }
      case 'while_statement': {
        const condition = node.childForFieldName('condition');
        const body = node.childForFieldName('body');
        if (!condition || !body) throw new UnsupportedConstruct('incomplete while');
        const head = this.add('join');
        this.link(preds, head);
        const { expr, before } = this.conditionParts(condition, [head]);
        const { yes, no } = this.test(expr, before);
        const frame: LoopFrame = { breaks: [], continues: [] };
        const out = this.inFrame(frame, () => this.statement(body, [yes]));
        this.link([...out, ...(frame.continues ?? [])], head);
        return [no, ...frame.breaks];
      }
      case 'do_statement': {
        const condition = node.childForFieldName('condition');
        const body = node.childForFieldName('body');
        if (!condition || !body) throw new UnsupportedConstruct('incomplete do');
        const head = this.add('join');
        this.link(preds, head);
        const frame: LoopFrame = { breaks: [], continues: [] };
        const out = this.inFrame(frame, () => this.statement(body, [head]));
        const { yes, no } = this.test(stripExpr(condition), [...out, ...(frame.continues ?? [])]);
        this.link([yes], head);
        return [no, ...frame.breaks];
      }
      case 'for_statement': {
        let current = [...preds];
        const init = node.childForFieldName('initializer');
        if (init) current = this.simple(init, current);
        const head = this.add('join');
        this.link(current, head);
        const condition = node.childForFieldName('condition');
        let enter: number[];
        let leave: number[];
        if (condition) {
          const { yes, no } = this.test(stripExpr(condition), [head]);
          enter = [yes];
          leave = [no];
        } else {
          enter = [head];
          leave = [];
        }
        const body = node.childForFieldName('body');
        if (!body) throw new UnsupportedConstruct('incomplete for');
        const frame: LoopFrame = { breaks: [], continues: [] };
        const out = this.inFrame(frame, () => this.statement(body, enter));
        const update = node.childForFieldName('update');
        let back = [...out, ...(frame.continues ?? [])];
        if (update) back = this.simple(update, back);
        this.link(back, head);
        return [...leave, ...frame.breaks];
      }
      case 'for_range_loop': {
        const range = node.childForFieldName('right');
        const body = node.childForFieldName('body');
        if (!range || !body) throw new UnsupportedConstruct('incomplete range for');
        const head = this.add('join');
        this.link(preds, head);
        const { yes, no } = this.test(range, [head]);
        const frame: LoopFrame = { breaks: [], continues: [] };
        const out = this.inFrame(frame, () => this.statement(body, [yes]));
        this.link([...out, ...(frame.continues ?? [])], head);
        return [no, ...frame.breaks];
      }
      case 'switch_statement':
        return this.switchStatement(node, preds);
      case 'break_statement': {
        const frame = this.frames.at(-1);
        if (!frame) throw new UnsupportedConstruct('break outside loop or switch');
        frame.breaks.push(...preds);
        return [];
      }
      case 'continue_statement': {
        const frame = [...this.frames].reverse().find((f) => f.continues !== undefined);
        if (!frame?.continues) throw new UnsupportedConstruct('continue outside loop');
        frame.continues.push(...preds);
        return [];
      }
      case 'goto_statement': {
        const label = node.childForFieldName('label');
        if (!label) throw new UnsupportedConstruct('goto without label');
        const id = this.add('stmt', node);
        this.link(preds, id);
        this.link([id], this.label(label.text));
        return [];
      }
      case 'labeled_statement': {
        const label = node.childForFieldName('label');
        if (!label) throw new UnsupportedConstruct('label without name');
        const id = this.label(label.text);
        this.link(preds, id);
        const inner = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'statement_identifier' && c.type !== 'comment');
        return this.statements(inner, [id]);
      }
      case 'attributed_statement':
        return this.statements(node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'attribute_declaration'), preds);
      case 'try_statement':
        return this.tryStatement(node, preds);
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_elif':
      case 'preproc_elifdef':
      case 'preproc_else': {
        // Both sides of a conditional compilation are possible builds: fork without assuming which one.
        const fork = this.add('join');
        this.link(preds, fork);
        const alternative = node.childForFieldName('alternative');
        const body = node.namedChildren.filter((c): c is Node => c !== null && c.id !== alternative?.id
          && c.id !== node.childForFieldName('condition')?.id && c.id !== node.childForFieldName('name')?.id);
        const out = this.statements(body, [fork]);
        const otherOut = alternative ? this.statement(alternative, [fork]) : [fork];
        return [...out, ...otherOut];
      }
      case 'case_statement':
        throw new UnsupportedConstruct('case label outside its switch body');
      default:
        if (node.type.endsWith('_statement') || node.type === 'ERROR') throw new UnsupportedConstruct(`unsupported ${node.type}`);
        return this.simple(node, preds);
    }
  }

  /** A C++ `if (init; cond)` evaluates its initializer first; a C condition is a parenthesized expression. */
  private conditionParts(condition: Node, preds: readonly number[]): { expr: Node; before: number[] } {
    if (condition.type === 'condition_clause') {
      let before = [...preds];
      const init = condition.childForFieldName('initializer');
      if (init) before = this.simple(init, before);
      const value = condition.childForFieldName('value');
      if (!value) throw new UnsupportedConstruct('empty condition');
      return { expr: value.type === 'declaration' ? value : stripExpr(value), before };
    }
    return { expr: stripExpr(condition), before: [...preds] };
  }

  private inFrame(frame: LoopFrame, build: () => number[]): number[] {
    this.frames.push(frame);
    try {
      return build();
    } finally {
      this.frames.pop();
    }
  }

  private switchStatement(node: Node, preds: readonly number[]): number[] {
    const condition = node.childForFieldName('condition');
    const body = node.childForFieldName('body');
    if (!condition || !body) throw new UnsupportedConstruct('incomplete switch');
    const subject = condition.type === 'condition_clause' ? condition.childForFieldName('value') ?? condition : stripExpr(condition);
    const head = this.add('cond', subject);
    this.link(preds, head);
    const frame: LoopFrame = { breaks: [], continues: undefined };
    const cases = namedStatements(body);
    const labels = cases.filter((c) => c.type === 'case_statement').map((c) => c.childForFieldName('value')).filter((v): v is Node => v !== null);
    let fallthrough: number[] = [];
    let hasDefault = false;
    this.inFrame(frame, () => {
      for (const item of cases) {
        if (item.type !== 'case_statement') {
          fallthrough = this.statement(item, fallthrough);
          continue;
        }
        const value = item.childForFieldName('value');
        hasDefault ||= value === null;
        const branch: Branch = value ? { kind: 'case', subject, labels: [value] } : { kind: 'default', subject, excluded: labels };
        const entry = this.add('branch', undefined, branch);
        this.link([head], entry);
        const statements = item.namedChildren.filter((c): c is Node => c !== null && c.id !== value?.id && c.type !== 'comment');
        fallthrough = this.statements(statements, [entry, ...fallthrough]);
      }
      return fallthrough;
    });
    const out = [...fallthrough, ...frame.breaks];
    if (!hasDefault) {
      const none = this.add('branch', undefined, { kind: 'default', subject, excluded: labels });
      this.link([head], none);
      out.push(none);
    }
    return out;
  }

  private tryStatement(node: Node, preds: readonly number[]): number[] {
    const body = node.childForFieldName('body');
    if (!body) throw new UnsupportedConstruct('incomplete try');
    const clauses = node.namedChildren.filter((c): c is Node => c !== null && c.type === 'catch_clause');
    const targets = clauses.map(() => this.add('join'));
    const start = this.add('join');
    this.link(preds, start);
    this.link([start], targets[0] ?? this.exit);
    this.catchTargets.push(targets);
    const created: number[] = [];
    this.tryBodies.push(created);
    let out: number[];
    try {
      out = this.statement(body, [start]);
    } finally {
      this.tryBodies.pop();
      this.catchTargets.pop();
    }
    // Any statement of the try body may throw: each one can reach every handler.
    for (const id of created) {
      if (this.nodes[id]?.kind === 'stmt') for (const target of targets) this.link([id], target);
    }
    for (const target of targets) this.link([start], target);
    clauses.forEach((clause, i) => {
      const handler = clause.childForFieldName('body');
      const target = targets[i];
      if (handler && target !== undefined) out = [...out, ...this.statement(handler, [target])];
    });
    return out;
  }
}

function namedStatements(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}
