import type { SyntaxNode as Node } from './syntaxTree';
import { atomsOn, type Atom } from './facts';
import type { FunctionModel } from './functionModel';
import type { TextEdit } from './rule';
import { conditionOwner, exprKey, forEachDescendant, intLiteral, jumpTypes, outermostWrapping, stripExpr } from './syntax';

/** Results that are 1 on success, 0 on failure and negative on an error (SSL_connect.pod, X509_verify_cert.pod). */
const domain = [-1, 0, 1];
const failures = new Set([-1, 0]);

const isSubsetOf = (a: ReadonlySet<number>, b: ReadonlySet<number>) => [...a].every((v) => b.has(v));

/** Parenthesize a replacement when the surrounding operator binds tighter than `==`/`!=`. */
export function needsParens(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'parenthesized_expression' || parent.type === 'condition_clause') return false;
  if (parent.type === 'binary_expression') {
    const op = parent.childForFieldName('operator')?.text;
    return !(op === '&&' || op === '||');
  }
  return parent.type !== 'if_statement' && parent.type !== 'while_statement' && parent.type !== 'for_statement' && parent.type !== 'do_statement';
}

/** A test of a "1 means success" result that lets a failure through. */
export interface MisjudgedTest {
  readonly atom: Atom;
  /** True when the test is meant to catch failures (`!r`, `r < 0`), false when it is a success test (`if (r)`). */
  readonly failureTest: boolean;
  /** The failure values the test lets through as success. */
  readonly admitted: readonly number[];
  /** Rewrites the test to `!= 1` (failure test) or `== 1` (success test), keeping the branch orientation. */
  readonly edit: TextEdit;
  readonly replacement: string;
}

/** Whether `node` assigns to the lvalue `key` a failure value (a literal 0 or below) or, in a clamp, the value itself. */
function normalisesTo(node: Node | null | undefined, key: string): boolean {
  const left = node?.type === 'assignment_expression' && node.childForFieldName('operator')?.text === '=' ? node.childForFieldName('left') : null;
  const right = node?.childForFieldName('right');
  if (!left || !right || exprKey(left) !== key) return false;
  const failureOrSelf = (arm: Node | null) => arm !== null && (exprKey(arm) === key || (intLiteral(arm) ?? 1) <= 0);
  const value = stripExpr(right);
  if (value.type === 'conditional_expression') return failureOrSelf(value.childForFieldName('consequence')) && failureOrSelf(value.childForFieldName('alternative'));
  return failureOrSelf(value);
}

/**
 * Whether a test only normalises the value it tests: `if (r < 0) r = 0;` or `r = r < 0 ? 0 : r;` turns a result
 * into a failure value of the same variable (never into success), and what the code does with it is tested later.
 */
function normalises(atom: Atom): boolean {
  const owner = conditionOwner(atom.node);
  const key = exprKey(atom.subject);
  if (owner?.type === 'conditional_expression') return normalisesTo(outermostWrapping(owner).parent, key);
  if (owner?.type !== 'if_statement' || owner.childForFieldName('alternative')) return false;
  const consequence = owner.childForFieldName('consequence');
  const statements = consequence?.type === 'compound_statement' ? consequence.namedChildren.filter((c) => c.type !== 'comment') : [consequence];
  const only = statements.length === 1 ? statements[0] : null;
  return only?.type === 'expression_statement' && normalisesTo(only.namedChild(0), key);
}

/**
 * Whether a failure test only reports (its `if` never leaves) in a function that returns the tested result: the
 * value, negative or not, goes back to the caller, who decides (openssl crypto/ct/ct_vfy.c).
 */
function passesThrough(model: FunctionModel, atom: Atom, isSubject: (node: Node) => boolean): boolean {
  const owner = conditionOwner(atom.node);
  if (owner?.type !== 'if_statement') return false;
  let leaves = false;
  forEachDescendant(owner, (node) => {
    if (jumpTypes.has(node.type)) leaves = true;
    return leaves ? 'skip' : undefined;
  });
  if (leaves) return false;
  let returned = false;
  forEachDescendant(model.body, (node) => {
    const value = node.type === 'return_statement' ? node.namedChild(0) : null;
    if (value && isSubject(value)) returned = true;
    return returned ? 'skip' : undefined;
  });
  return returned;
}

/** The tests of `isSubject` values in the function's conditions that treat 0 or a negative value as success. */
export function misjudgedTests(model: FunctionModel, isSubject: (node: Node) => boolean): MisjudgedTest[] {
  const atoms: Atom[] = [];
  for (const node of model.cfg.nodes) {
    if (node.kind === 'cond' && node.syntax) atoms.push(...atomsOn(node.syntax, isSubject, domain));
    // `return f() != 0 ? ok : bad;` tests inside a statement.
    for (const ternary of node.kind === 'stmt' ? node.syntax?.descendantsOfType('conditional_expression') ?? [] : []) {
      const condition = ternary?.childForFieldName('condition');
      if (condition) atoms.push(...atomsOn(condition, isSubject, domain));
    }
  }
  // A failure test that misses a failure value is fine if another test of the same result catches it, including
  // the false side of a success test (`if (i > 0) … else if (i == 0) …`, openssl apps/dgst.c).
  const caught = new Set(atoms.flatMap((a) => {
    const falseFor = domain.filter((v) => !a.trueFor.has(v));
    return [...(isSubsetOf(a.trueFor, failures) ? a.trueFor : []), ...(falseFor.every((v) => failures.has(v)) ? falseFor : [])];
  }));
  const result: MisjudgedTest[] = [];
  for (const atom of atoms) {
    const failureTest = isSubsetOf(atom.trueFor, failures);
    const falseFor = new Set(domain.filter((v) => !atom.trueFor.has(v)));
    const admitted = failureTest ? [...falseFor].filter((v) => failures.has(v) && !caught.has(v)) : [...atom.trueFor].filter((v) => failures.has(v));
    if (admitted.length === 0 || (!failureTest && !atom.trueFor.has(1)) || normalises(atom) || (failureTest && passesThrough(model, atom, isSubject))) continue;
    const replacement = `${atom.subject.text} ${failureTest ? '!=' : '=='} 1`;
    const newText = needsParens(atom.node) ? `(${replacement})` : replacement;
    result.push({ atom, failureTest, admitted, replacement, edit: { start: atom.node.startIndex, end: atom.node.endIndex, newText } });
  }
  return result;
}
