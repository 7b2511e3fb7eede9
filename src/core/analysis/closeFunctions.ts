import type { SyntaxNode as Node } from './syntaxTree';
import { callArgs, calleeName, callsIn, forEachDescendant, intLiteral, lvalueKey, stripExpr } from './syntax';

/** Calls that show the code knows whether a shutdown is allowed (rules.md A9): a function using one is guarded. */
export const shutdownGuards = /\bSSL_get_shutdown\b|\bSSL_in_init\b|\bSSL_is_init_finished\b|\bSSL_set_quiet_shutdown\b/;

const exits = new Set(['return_statement', 'goto_statement', 'break_statement', 'continue_statement', 'throw_statement']);

/**
 * Whether a condition only tests that the shut-down SSL (or what holds it) is set, `ssl`, `c->ssl != NULL`, `c &&
 * c->ssl`, or with `set` false that it is not (`!ssl`, early exits): not a state flag.
 */
function onlyNullChecks(cond: Node, sslKey: string, set: boolean): boolean {
  const value = cond.type === 'condition_clause' ? cond.childForFieldName('value') : cond;
  if (!value) return false;
  const expr = stripExpr(value);
  const key = lvalueKey(expr);
  if (key !== undefined) return set && (sslKey === key || sslKey.startsWith(`${key}->`) || sslKey.startsWith(`${key}.`));
  if (expr.type === 'unary_expression' && expr.childForFieldName('operator')?.text === '!') {
    const arg = expr.childForFieldName('argument');
    return arg !== null && onlyNullChecks(arg, sslKey, !set);
  }
  if (expr.type !== 'binary_expression') return false;
  const op = expr.childForFieldName('operator')?.text;
  const left = expr.childForFieldName('left');
  const right = expr.childForFieldName('right');
  if (!left || !right) return false;
  if (op === (set ? '&&' : '||')) return onlyNullChecks(left, sslKey, set) && onlyNullChecks(right, sslKey, set);
  if (op !== '==' && op !== '!=') return false;
  const isNull = (n: Node) => intLiteral(n) === 0;
  const operand = isNull(right) ? left : isNull(left) ? right : undefined;
  return operand !== undefined && onlyNullChecks(operand, sslKey, op === '!=' ? set : !set);
}

/**
 * Whether a function definition calls SSL_shutdown() on every way through it that gets past its null checks: no
 * enclosing branch other than `if (ssl)`-style tests, no earlier early exit on some other condition (a state
 * flag), and none of the shutdown guards of rules.md A9.
 */
export function shutsDownUnconditionally(definition: Node): boolean {
  const body = definition.childForFieldName('body');
  if (!body || shutdownGuards.test(body.text)) return false;
  const shutdowns = callsIn(body).filter((c) => calleeName(c) === 'SSL_shutdown');
  return shutdowns.some((call) => {
    const ssl = callArgs(call)[0];
    const sslKey = ssl ? lvalueKey(ssl) : undefined;
    if (sslKey === undefined) return false;
    for (let child: Node = call, parent = call.parent; parent && child.id !== body.id; child = parent, parent = parent.parent) {
      switch (parent.type) {
        case 'if_statement':
        case 'while_statement':
        case 'for_statement': {
          // Inside the condition the call runs whenever the statement is reached.
          const condition = parent.childForFieldName('condition');
          if (child.id === condition?.id) break;
          if (parent.type !== 'if_statement' || !condition || !onlyNullChecks(condition, sslKey, true)) return false;
          break;
        }
        case 'else_clause':
        case 'do_statement':
        case 'switch_statement':
        case 'case_statement':
        case 'conditional_expression':
        case 'lambda_expression':
          return false;
        case 'binary_expression': {
          const op = parent.childForFieldName('operator')?.text;
          if ((op === '&&' || op === '||') && parent.childForFieldName('right')?.id === child.id) return false;
          break;
        }
        case 'compound_statement':
          if (earlierExitOnState(parent, child, sslKey)) return false;
          break;
        default:
          break;
      }
    }
    return true;
  });
}

/** Whether a statement of `block` before `child` leaves the function (or block) on a condition other than a null check. */
function earlierExitOnState(block: Node, child: Node, sslKey: string): boolean {
  for (const statement of block.namedChildren) {
    if (!statement || statement.startIndex >= child.startIndex) break;
    if (statement.type !== 'if_statement') continue;
    const condition = statement.childForFieldName('condition');
    if (condition && onlyNullChecks(condition, sslKey, false)) continue;
    let leaves = false;
    forEachDescendant(statement, (n) => {
      if (exits.has(n.type)) leaves = true;
      return leaves ? 'skip' : undefined;
    });
    if (leaves) return true;
  }
  return false;
}
