import type { SyntaxNode as Node } from '../syntaxTree';
import { classifiedIo } from '../classification';
import type { FileContext, IoCall } from '../fileContext';
import { insertLineAfter, insertLineBefore, removeStatement, trailingComment, uniqueName } from '../fixText';
import type { CallSite, FunctionModel } from '../functionModel';
import type { Fix, Rule } from '../rule';
import { callArgs, errCodeSources, lvalueKey, outermostWrapping, within } from '../syntax';

const loops = new Set(['while_statement', 'for_statement', 'do_statement', 'for_range_loop']);

/** The statement holding `node` that is an item of a `{ … }` block, if the chain up to it has no other statement. */
function blockItem(node: Node): Node | undefined {
  let current: Node | null = node;
  while (current && current.parent?.type !== 'compound_statement') {
    if (current.type.endsWith('_statement') && current.type !== 'expression_statement') return undefined;
    current = current.parent;
  }
  return current && (current.type === 'expression_statement' || current.type === 'declaration') ? current : undefined;
}

/**
 * Classifying right after the I/O call: the SSL_get_error() call's declaration moves up there, or its value goes
 * into a new local declared there. Safe when nothing in between redefines its arguments and the I/O statement
 * dominates the call: SSL_get_error() then sees the same SSL and result, only without the queue changes in between.
 */
function moveFix(file: FileContext, model: FunctionModel, io: IoCall, site: CallSite, between: ReadonlySet<number>): Fix | undefined {
  const ioStatement = blockItem(io.call);
  const block = ioStatement?.parent;
  if (!ioStatement || !block || !within(site.node, block) || site.node.startIndex < ioStatement.endIndex) return undefined;
  if (!model.cfg.dominates(io.cfg, site.cfg)) return undefined;
  // In a loop of its own after the I/O call, SSL_get_error() runs once per iteration: moving it would run it once.
  for (let n = site.node.parent; n && n.id !== block.id; n = n.parent) if (loops.has(n.type)) return undefined;
  const keys = callArgs(site.node).map((a) => lvalueKey(a));
  if (keys.length !== 2) return undefined;
  const redefined = [...between, site.cfg].flatMap((id) => model.defsIn(id)).some((d) => keys.includes(d.key) && (d.cfg !== site.cfg || d.end <= site.node.startIndex));
  if (redefined) return undefined;
  const call = site.node.text;
  // `int err = SSL_get_error(s, n);` in the same block: move that declaration up.
  const holder = outermostWrapping(site.node).parent;
  const declaration = holder?.type === 'init_declarator' && holder.childForFieldName('value')?.id === outermostWrapping(site.node).id ? holder.parent : undefined;
  if (declaration?.type === 'declaration' && declaration.parent?.id === block.id && declaration.namedChildren.filter((c) => c.type === 'init_declarator' || c.type.endsWith('declarator')).length === 1) {
    return {
      title: 'Move SSL_get_error() directly after the I/O call',
      edits: [insertLineAfter(file.text, ioStatement, [declaration.text, trailingComment(file.text, declaration)].filter(Boolean).join(' ')), removeStatement(file.text, declaration)],
      safe: true,
    };
  }
  const name = uniqueName(model.definition.text, 'ssl_err');
  return {
    title: `Call SSL_get_error() directly after the I/O call (into ${name})`,
    edits: [insertLineAfter(file.text, ioStatement, `int ${name} = ${call};`), { start: site.node.startIndex, end: site.node.endIndex, newText: name }],
    safe: true,
  };
}

/** `ERR_set_mark(); call(); ERR_pop_to_mark();` around a standalone call that may add errors (not one that consumes them). */
function bracketFix(file: FileContext, offender: CallSite): Fix | undefined {
  const statement = outermostWrapping(offender.node).parent;
  if (statement?.type !== 'expression_statement' || statement.parent?.type !== 'compound_statement' || errCodeSources.has(offender.name) || offender.name.startsWith('ERR_')) return undefined;
  return {
    title: `Bracket ${offender.name}() with ERR_set_mark()/ERR_pop_to_mark()`,
    edits: [
      insertLineBefore(file.text, statement, 'ERR_set_mark();'),
      insertLineAfter(file.text, statement, 'ERR_pop_to_mark();'),
    ],
    safe: false,
  };
}

export const sslGetErrorNotImmediate: Rule = {
  meta: {
    id: 'A5',
    name: 'ssl-get-error-not-immediate',
    severity: 'warning',
    summary: 'Other OpenSSL calls between the I/O call and SSL_get_error()',
    fixable: true,
    docs: {
      what: 'On some path from a TLS I/O call to the SSL_get_error() that classifies its result, another OpenSSL function that can touch the error queue is called (directly, or inside a function of the same file), such as ERR_get_error, X509, EVP or PEM functions, SSL_get1_session. Queue-neutral getters (SSL_pending, SSL_want…, and the plain field getters SSL_get_*, SSL_get0_*, SSL_CTX_get_*, SSL_SESSION_get_*) and ERR_set_mark/ERR_pop_to_mark brackets are allowed.',
      why: 'SSL_get_error() looks at the error queue first: an error added by the call in between turns a harmless SSL_ERROR_WANT_READ into SSL_ERROR_SSL, and ERR_get_error() in between removes the error SSL_get_error() needed. The documentation requires "no other OpenSSL function calls" in between (curl fixed this in 3eb00fa).',
      bad: 'rc = SSL_connect(s);\nlog_keylog(s);    /* calls SSL_get_session, X509 APIs */\nerr = SSL_get_error(s, rc);',
      good: 'rc = SSL_connect(s);\nerr = SSL_get_error(s, rc);\nlog_keylog(s);',
      fix: 'Moves the SSL_get_error() call directly after the I/O call: its declaration (`int err = SSL_get_error(s, rc);` in the same block) moves up, or its value goes into a new local declared there and the call is replaced by that local. Preferred and applied by fix-all when the I/O statement is in an enclosing block of the call, always runs before it and nothing in between changes the SSL or the result variable. Also offered, not preferred: bracketing the call in between with ERR_set_mark()/ERR_pop_to_mark(), which discards the errors it adds.',
      references: ['SSL_get_error(3)', 'ERR_set_mark(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      for (const site of model.callsNamed(new Set(['SSL_get_error']))) {
        const io = classifiedIo(file, model, site.node);
        if (!io || io.cfg === site.cfg) continue;
        const after = model.cfg.reachable(io.cfg, (id) => id === site.cfg || id === io.cfg);
        const before = model.cfg.reachable(site.cfg, (id) => id === io.cfg || id === site.cfg, 'pred');
        const between = new Set([...after].filter((id) => before.has(id) && id !== site.cfg && id !== io.cfg));
        const calls = model.calls();
        if (calls.some((c) => between.has(c.cfg) && c.name === 'ERR_set_mark')) continue;
        // Another I/O call on the same SSL in between makes the argument stale: that is A4's finding.
        if (file.ioCalls(model).some((c) => c.sslKey === io.sslKey && between.has(c.cfg))) continue;
        const sameNode = (c: (typeof calls)[number]) => (c.cfg === io.cfg && c.node.startIndex > io.call.endIndex) || (c.cfg === site.cfg && c.node.endIndex < site.node.startIndex && !(c.node.startIndex <= site.node.startIndex && c.node.endIndex >= site.node.endIndex));
        const offender = calls.find((c) => (between.has(c.cfg) || sameNode(c)) && c.node.id !== site.node.id && c.node.id !== io.call.id && file.touchesQueue(c.name));
        if (!offender) continue;
        const fixes = [moveFix(file, model, io, site, between), bracketFix(file, offender)].filter((f): f is Fix => f !== undefined);
        report({
          start: site.node.startIndex, end: site.node.endIndex,
          message: `${offender.name}() runs between ${io.name}() and SSL_get_error(), and can add or remove errors on the queue that SSL_get_error() reads first: a retry can be misreported as fatal. Call SSL_get_error() right after ${io.name}(), or bracket ${offender.name}() with ERR_set_mark()/ERR_pop_to_mark().`,
          related: [
            { start: offender.node.startIndex, end: offender.node.endIndex, message: `${offender.name}() may touch the error queue` },
            { start: io.call.startIndex, end: io.call.endIndex, message: `the ${io.name}() call being classified` },
          ],
          fixes,
        });
      }
    }
  },
};
