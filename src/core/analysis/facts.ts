import type { SyntaxNode as Node } from './syntaxTree';
import type { Branch } from './cfg';
import { intLiteral, stripExpr } from './syntax';

/** Something known to hold where a statement runs: a boolean sub-condition's value, or a switch case taken. */
export type Fact =
  | { readonly kind: 'bool'; readonly expr: Node; readonly value: boolean }
  | { readonly kind: 'case'; readonly subject: Node; readonly labels: readonly Node[] }
  | { readonly kind: 'default'; readonly subject: Node; readonly excluded: readonly Node[] };

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

const negated: Record<CompareOp, CompareOp> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '==': '!=', '!=': '==' };
const mirrored: Record<CompareOp, CompareOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

/** The atomic facts implied by `cond` evaluating to `value` (`a && b` true gives both; `a || b` false gives both negated). */
export function impliedFacts(cond: Node, value: boolean): Fact[] {
  const expr = stripExpr(cond);
  if (expr.type === 'unary_expression' && expr.childForFieldName('operator')?.text === '!') {
    const arg = expr.childForFieldName('argument');
    return arg ? impliedFacts(arg, !value) : [];
  }
  if (expr.type === 'binary_expression') {
    const op = expr.childForFieldName('operator')?.text;
    const left = expr.childForFieldName('left');
    const right = expr.childForFieldName('right');
    if (left && right && ((op === '&&' && value) || (op === '||' && !value))) {
      return [...impliedFacts(left, value), ...impliedFacts(right, value)];
    }
    if (op === '&&' || op === '||') return [];
  }
  if (expr.type === 'comma_expression') {
    const right = expr.childForFieldName('right');
    return right ? impliedFacts(right, value) : [];
  }
  if (expr.type === 'assignment_expression') {
    // `if ((n = f()) <= 0)` is covered by the comparison; a bare `if ((x = f()))` tests x.
    const left = expr.childForFieldName('left');
    return left ? [{ kind: 'bool', expr: left, value }, { kind: 'bool', expr, value }] : [];
  }
  return [{ kind: 'bool', expr, value }];
}

export function branchFacts(branch: Branch): Fact[] {
  if (branch.kind === 'cond') return impliedFacts(branch.cond, branch.value);
  if (branch.kind === 'case') return [{ kind: 'case', subject: branch.subject, labels: branch.labels }];
  return [{ kind: 'default', subject: branch.subject, excluded: branch.excluded }];
}

/** A comparison `subject op operand` that a fact asserts; truthiness counts as `!= 0`. */
export interface Constraint {
  readonly op: CompareOp;
  /** The operand's integer value when it is a literal. */
  readonly value: number | undefined;
  /** The operand's name when it is an identifier (`SSL_ERROR_SYSCALL`). */
  readonly name: string | undefined;
  readonly operand: Node | undefined;
}

function compareWith(op: CompareOp, operand: Node): Constraint {
  const stripped = stripExpr(operand);
  return { op, value: intLiteral(stripped), name: stripped.type === 'identifier' ? stripped.text : undefined, operand };
}

/** What a fact says about the expressions matched by `isSubject`. */
export function constraintOn(fact: Fact, isSubject: (node: Node) => boolean): Constraint[] {
  if (fact.kind === 'case') return isSubject(fact.subject) ? fact.labels.map((label) => compareWith('==', label)) : [];
  if (fact.kind === 'default') return isSubject(fact.subject) ? fact.excluded.map((label) => compareWith('!=', label)) : [];
  const expr = stripExpr(fact.expr);
  if (expr.type === 'binary_expression') {
    const op = expr.childForFieldName('operator')?.text as CompareOp | undefined;
    const left = expr.childForFieldName('left');
    const right = expr.childForFieldName('right');
    if (!op || !left || !right || !(op in negated)) return [];
    const effective = fact.value ? op : negated[op];
    if (isSubject(left)) return [compareWith(effective, right)];
    if (isSubject(right)) return [compareWith(mirrored[effective], left)];
    return [];
  }
  if (isSubject(expr)) return [{ op: fact.value ? '!=' : '==', value: 0, name: undefined, operand: undefined }];
  return [];
}

export function holds(op: CompareOp, v: number, c: number): boolean {
  switch (op) {
    case '<': return v < c;
    case '<=': return v <= c;
    case '>': return v > c;
    case '>=': return v >= c;
    case '==': return v === c;
    case '!=': return v !== c;
  }
}


/** An atomic test inside a condition on a subject: `r < 0`, `!r`, `r` — with the subject values for which it is true. */
export interface Atom {
  /** The whole atomic test, including any `!` applied to it. */
  readonly node: Node;
  /** The subject expression as written (`rc`, `SSL_connect(ssl)`). */
  readonly subject: Node;
  readonly trueFor: ReadonlySet<number>;
}

/** The atomic tests of `cond` on the subject, evaluated over the subject's possible values `domain`. */
export function atomsOn(cond: Node, isSubject: (node: Node) => boolean, domain: readonly number[]): Atom[] {
  const atoms: Atom[] = [];
  const visit = (node: Node, negations: number, outer: Node): void => {
    const expr = node.type === 'parenthesized_expression' ? node.namedChildren.find((c) => c !== null && c.type !== 'comment') ?? null : node;
    if (!expr) return;
    if (expr.type === 'parenthesized_expression') return visit(expr, negations, outer);
    if (expr.type === 'unary_expression' && expr.childForFieldName('operator')?.text === '!') {
      const arg = expr.childForFieldName('argument');
      if (arg) visit(arg, negations + 1, outer);
      return;
    }
    const add = (subject: Node, test: (v: number) => boolean) => {
      const trueFor = new Set(domain.filter((v) => (negations % 2 === 0 ? test(v) : !test(v))));
      atoms.push({ node: outer, subject, trueFor });
    };
    if (expr.type === 'binary_expression') {
      const op = expr.childForFieldName('operator')?.text ?? '';
      const left = expr.childForFieldName('left');
      const right = expr.childForFieldName('right');
      if (!left || !right) return;
      if (op === '&&' || op === '||') {
        visit(left, 0, left);
        visit(right, 0, right);
        return;
      }
      if (!(op in negated)) return;
      const compareOp = op as CompareOp;
      if (isSubject(left)) {
        const c = intLiteral(right);
        if (c !== undefined) add(left, (v) => holds(compareOp, v, c));
      } else if (isSubject(right)) {
        const c = intLiteral(left);
        if (c !== undefined) add(right, (v) => holds(mirrored[compareOp], v, c));
      }
      return;
    }
    if (isSubject(expr)) add(expr, (v) => v !== 0);
  };
  visit(cond, 0, cond);
  return atoms;
}

/**
 * Three-valued evaluation of `cond` for each candidate value of the subject (comparisons `subject ==/!= NAME`);
 * returns the candidates for which `cond` may evaluate to `value`, or undefined when it never tests the subject.
 */
export function possibleNames(cond: Node, value: boolean, isSubject: (node: Node) => boolean, candidates: readonly string[]): Set<string> | undefined {
  let mentions = false;
  const evaluate = (node: Node, name: string): boolean | undefined => {
    const expr = node.type === 'parenthesized_expression' ? node.namedChildren.find((c) => c !== null && c.type !== 'comment') ?? null : node;
    if (!expr) return undefined;
    if (expr.type === 'parenthesized_expression') return evaluate(expr, name);
    if (expr.type === 'unary_expression' && expr.childForFieldName('operator')?.text === '!') {
      const arg = expr.childForFieldName('argument');
      const inner = arg ? evaluate(arg, name) : undefined;
      return inner === undefined ? undefined : !inner;
    }
    if (expr.type !== 'binary_expression') return undefined;
    const op = expr.childForFieldName('operator')?.text;
    const left = expr.childForFieldName('left');
    const right = expr.childForFieldName('right');
    if (!left || !right) return undefined;
    if (op === '&&' || op === '||') {
      const a = evaluate(left, name);
      const b = evaluate(right, name);
      if (op === '&&') return a === false || b === false ? false : a === true && b === true ? true : undefined;
      return a === true || b === true ? true : a === false && b === false ? false : undefined;
    }
    if (op !== '==' && op !== '!=') return undefined;
    const [subject, constant] = isSubject(left) ? [left, right] : isSubject(right) ? [right, left] : [undefined, undefined];
    if (!subject || !constant) return undefined;
    const constantName = stripExpr(constant).text;
    if (!candidates.includes(constantName)) return undefined;
    mentions = true;
    return (constantName === name) === (op === '==');
  };
  const possible = new Set(candidates.filter((name) => {
    const result = evaluate(cond, name);
    return result === undefined || result === value;
  }));
  return mentions ? possible : undefined;
}
