import { memoized } from '../memo';
import type { SyntaxNode as Node } from './syntaxTree';
import { layout } from './fixText';
import { declarationsOf, type FunctionModel } from './functionModel';
import type { TextEdit } from './rule';
import { exprKey, forEachDescendant, indentationAt, lineEnding, lineStartOf, stripExpr } from './syntax';

/** Nodes whose children are statements: blocks, and the branches of a conditional compilation inside one. */
const blockTypes = new Set(['compound_statement', 'preproc_if', 'preproc_ifdef', 'preproc_elif', 'preproc_else']);

/** The statement of a block that contains `node`, when it starts its own line (so text can be inserted around it). */
export function blockStatement(text: string, node: Node): Node | undefined {
  let current: Node | null = node;
  while (current?.parent && !blockTypes.has(current.parent.type)) current = current.parent;
  if (!current?.parent) return undefined;
  const before = text.slice(lineStartOf(text, current.startIndex), current.startIndex);
  return /^[ \t]*$/.test(before) ? current : undefined;
}

/** Inserts statements (written with `\n` and 4-space steps) on the lines before `statement`, at its indentation. */
export function insertBefore(text: string, statement: Node, snippet: string): TextEdit {
  const start = lineStartOf(text, statement.startIndex);
  return { start, end: start, newText: layout(snippet, indentationAt(text, statement.startIndex), text) + lineEnding(text) };
}

/** Inserts statements on the lines after `statement` (which must end its line), at its indentation. */
export function insertAfter(text: string, statement: Node, snippet: string): TextEdit | undefined {
  const eol = text.indexOf('\n', statement.endIndex);
  const rest = text.slice(statement.endIndex, eol === -1 ? text.length : eol).replace(/\r$/, '');
  if (!/^\s*(?:\/\/.*|\/\*.*?\*\/)?\s*$/.test(rest)) return undefined;
  const at = eol === -1 ? text.length : eol + 1;
  const prefix = eol === -1 ? lineEnding(text) : '';
  return { start: at, end: at, newText: prefix + layout(snippet, indentationAt(text, statement.startIndex), text) + lineEnding(text) };
}

/** The statement `if (cond)` runs for its failure, when it is a plain jump: `goto err;`, `return NULL;`, `throw …;`. */
function jumpOf(consequence: Node | null): Node | undefined {
  if (!consequence) return undefined;
  const isJump = (n: Node) => n.type === 'goto_statement' || n.type === 'return_statement' || (n.type === 'expression_statement' && n.namedChild(0)?.type === 'throw_expression') || n.type === 'throw_statement';
  if (isJump(consequence)) return consequence;
  if (consequence.type !== 'compound_statement') return undefined;
  const last = consequence.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment').at(-1);
  return last && isJump(last) ? last : undefined;
}

const failureTest = /^!|==\s*(?:NULL|nullptr|0)\s*$|^(?:NULL|nullptr)\s*==|!=\s*1\s*$|<=?\s*0\s*$/;

/**
 * How the function leaves on an OpenSSL failure, reusable as the failure branch of an inserted check: the jump
 * (`goto err;`, `return -1;`, `return NULL;`) of the failure test nearest to `near`. Undefined when there is none,
 * so a fix never has to invent an error path.
 */
export function failureJump(model: FunctionModel, near: Node, at: number = near.startIndex): string | undefined {
  let best: { jump: Node; distance: number } | undefined;
  for (const { test, jump } of failureBranchesOf(model)) {
    if (!definedAt(model, jump, at)) continue;
    const distance = Math.abs(test.startIndex - near.startIndex);
    if (!best || distance < best.distance) best = { jump, distance };
  }
  return best?.jump.text;
}

/** The function's `if (<OpenSSL failure test>) <one-line jump>` branches (kept with the model). */
const failureBranchesOf = memoized((model: FunctionModel): readonly { readonly test: Node; readonly jump: Node }[] => {
  const found: { test: Node; jump: Node }[] = [];
  forEachDescendant(model.body, (node) => {
    if (node.type !== 'if_statement') return;
    const condition = node.childForFieldName('condition');
    const inner = condition ? stripExpr(condition) : undefined;
    const value = inner?.type === 'condition_clause' ? inner.childForFieldName('value') : inner;
    if (!value || !/\b(?:SSL|SSL_CTX|BIO|X509|EVP)_|\bctx\b|\bssl\b/i.test(value.text) || !failureTest.test(stripExpr(value).text.trim())) return;
    const jump = jumpOf(node.childForFieldName('consequence'));
    if (jump && !jump.text.includes('\n')) found.push({ test: node, jump });
  });
  return found;
});

/** `if (<test>)` followed by the failure jump, as a snippet for insertBefore/insertAfter. */
export function checked(test: string, jump: string): string {
  return `if (${test})\n    ${jump}`;
}

/** The statements that give `ctx` the system trust store: checked with the function's error path when it has one. */
export function defaultPathsSnippet(ctx: string, jump: string | undefined): string {
  return jump ? checked(`!SSL_CTX_set_default_verify_paths(${ctx})`, jump) : `SSL_CTX_set_default_verify_paths(${ctx});`;
}

/** The `if (!ctx)` / `if (ctx == NULL)` test right after `statement` (which created `ctx`), without an else branch. */
export function nullCheckAfter(statement: Node, ctx: string): Node | undefined {
  const siblings = statement.parent?.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment') ?? [];
  const next = siblings[siblings.findIndex((c) => c.id === statement.id) + 1];
  if (next?.type !== 'if_statement' || next.childForFieldName('alternative')) return undefined;
  const name = ctx.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const clause = next.childForFieldName('condition');
  const value = clause?.type === 'condition_clause' ? clause.childForFieldName('value') : clause;
  const condition = value ? stripExpr(value).text : '';
  return new RegExp(`^(?:!\\s*${name}|${name}\\s*==\\s*(?:NULL|nullptr|0)|(?:NULL|nullptr)\\s*==\\s*${name})$`).test(condition.trim()) ? next : undefined;
}

/** Whether every variable `node` mentions is usable at offset `at`: a parameter, a global, or a local declared before. */
export function definedAt(model: FunctionModel, node: Node, at: number): boolean {
  const locals = declarationsOf(model);
  let ok = true;
  forEachDescendant(node, (n) => {
    if (n.type !== 'identifier') return;
    const declared = locals.get(n.text)?.startIndex;
    if (declared !== undefined && declared >= at && !model.paramNames.some((p) => p.text === n.text)) ok = false;
  });
  return ok;
}

const hostSetters = new Set(['SSL_set_tlsext_host_name', 'SSL_set1_host', 'SSL_add1_host', 'SSL_set1_dnsname']);
const hostLookups = new Set(['getaddrinfo', 'gethostbyname', 'gethostbyname2', 'BIO_lookup', 'BIO_lookup_ex', 'BIO_ADDRINFO_lookup']);
const hostParameter = /^(?:host|hostname|host_?name|server_?name|servername|peer_?name|sni|target_?host|remote_?host)$/i;

/**
 * The expression that holds the server's host name in this function, usable at offset `at`: the argument of another
 * SNI/host call, of getaddrinfo/BIO_lookup, or a parameter named like a host (rules.md C6 quick-fix).
 */
export function hostExpression(model: FunctionModel, sslKey: string, at: number): string | undefined {
  const usable = (expr: Node | undefined): expr is Node => {
    if (!expr) return false;
    const e = stripExpr(expr);
    const simple = e.type === 'identifier' || e.type === 'field_expression' || e.type === 'string_literal'
      || (e.type === 'call_expression' && /^[\w.>-]+\.(?:c_str|data)\(\)$/.test(e.text.replace(/\s+/g, '')));
    return simple && e.text !== 'NULL' && definedAt(model, e, at);
  };
  const candidates: Node[] = [];
  for (const site of model.calls()) {
    const args = site.node.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => a !== null && a.type !== 'comment') ?? [];
    if (hostSetters.has(site.name) && args[0] && exprKey(args[0]) === sslKey && usable(args[1])) candidates.unshift(args[1]);
    else if (hostLookups.has(site.name) && usable(args[0])) candidates.push(args[0]);
  }
  const param = model.paramNames.find((p) => hostParameter.test(p.text));
  return candidates[0]?.text ?? param?.text;
}

/** Replaces a statement by statements written with `\n` and 4-space steps, laid out at its indentation. */
export function replaceStatement(text: string, statement: Node, snippet: string): TextEdit {
  const indent = indentationAt(text, statement.startIndex);
  return { start: statement.startIndex, end: statement.endIndex, newText: layout(snippet, indent, text).slice(indent.length) };
}
