import type { SyntaxNode as Node } from '../syntaxTree';
import type { FileContext, IoCall } from '../fileContext';
import { blockStart, layout } from '../fixText';
import type { FunctionModel } from '../functionModel';
import { handlingWindow, resultTests, resultVariable, type ResultTest } from '../ioResults';
import type { Fix, Rule } from '../rule';
import { branchStatement, callArgs, forEachDescendant, lvalueKey, openSslCallPattern, outermostWrapping } from '../syntax';

/** Output functions: passing the result to them is reporting it, not classifying it. */
const reporters = new Set(['printf', 'fprintf', 'sprintf', 'snprintf', 'dprintf', 'vfprintf', 'vprintf', 'syslog', 'vsyslog', 'perror', 'puts', 'fputs', 'warn', 'warnx', 'strerror', 'fflush']);

/** Whether the result (or the SSL) is handed to code that may classify it: SSL_get_error, a summarized wrapper, an unknown function, the caller. */
function handled(file: FileContext, model: FunctionModel, io: IoCall, window: ReadonlySet<number>): boolean {
  const resultKey = (() => {
    const variable = resultVariable(io);
    return variable ? lvalueKey(variable) : undefined;
  })();
  const mentions = (node: Node) => {
    let found = false;
    forEachDescendant(node, (n) => {
      if (found) return 'skip';
      const key = lvalueKey(n);
      if (key !== undefined && (key === resultKey || key === io.sslKey)) {
        found = true;
        return 'skip';
      }
      return undefined;
    });
    return found;
  };
  for (const call of model.calls()) {
    if (!window.has(call.cfg) || call.node.id === io.call.id) continue;
    if (file.classifies(call.name)) return true;
    if (openSslCallPattern.test(call.name) || reporters.has(call.name)) continue;
    if (callArgs(call.node).some((arg) => mentions(arg))) return true;
  }
  for (const id of window) {
    const syntax = model.cfg.node(id).syntax;
    if (!syntax || resultKey === undefined) continue;
    if (syntax.type === 'return_statement' && mentions(syntax)) return true;
    // Stored somewhere else (a field, another variable): the result escapes this analysis.
    let escapes = false;
    forEachDescendant(syntax, (n) => {
      if (escapes) return 'skip';
      if (n.type === 'assignment_expression' || n.type === 'init_declarator') {
        const value = n.childForFieldName(n.type === 'init_declarator' ? 'value' : 'right');
        if (value && value.id !== io.call.id && !value.descendantsOfType('call_expression').some((c) => c?.id === io.call.id) && mentions(value)) escapes = true;
      }
      return undefined;
    });
    if (escapes) return true;
  }
  return false;
}

/** The code between the I/O call and the test, and the code run after the test fails (before the next I/O on the SSL). */
function failurePaths(model: FunctionModel, window: ReadonlySet<number>, test: ResultTest): Set<number> {
  const condNode = test.branch.pred[0];
  const toTest = condNode === undefined ? new Set<number>() : model.cfg.reachable(condNode, () => false, 'pred');
  const region = new Set([...window].filter((id) => toTest.has(id) || id === condNode));
  for (const id of model.cfg.reachable(test.branch.id, (id) => !window.has(id))) if (window.has(id)) region.add(id);
  region.add(test.branch.id);
  return region;
}

/** The `{ … }` block taken on the failure side of the test, when the test is an `if`. */
function failureBlock(test: ResultTest): Node | undefined {
  const taken = branchStatement(test.cond, test.branch.branch?.kind === 'cond' && test.branch.branch.value);
  return taken?.type === 'compound_statement' ? taken : undefined;
}

const skeleton = (ssl: string, ret: string) => `switch (SSL_get_error(${ssl}, ${ret})) {
case SSL_ERROR_WANT_READ:
case SSL_ERROR_WANT_WRITE:
    /* TODO: wait until the socket is ready (poll/select), then retry the same call */
    break;
case SSL_ERROR_ZERO_RETURN:
    /* TODO: the peer closed the TLS connection cleanly */
    break;
case SSL_ERROR_SYSCALL:
    /* TODO: I/O error or EOF without close_notify: errno is meaningful here; do not call SSL_shutdown */
    break;
default:
    /* TODO: SSL_ERROR_SSL: protocol error, the reason is on the error queue; do not call SSL_shutdown */
    break;
}`;

function fixFor(file: FileContext, io: IoCall, test: ResultTest): Fix | undefined {
  const block = failureBlock(test);
  const variable = resultVariable(io);
  const ret = io.convention === 'ex' ? '0' : variable?.text;
  if (!block || ret === undefined) return undefined;
  const { offset, indent, eol } = blockStart(file.text, block);
  return {
    title: `Classify the failure with switch (SSL_get_error(${io.ssl.text}, ${ret}))`,
    edits: [{ start: offset, end: offset, newText: eol + layout(skeleton(io.ssl.text, ret), indent, file.text) }],
    safe: false,
  };
}

export const sslGetErrorMissing: Rule = {
  meta: {
    id: 'A0',
    name: 'ssl-get-error-missing',
    severity: 'error',
    summary: 'A failed TLS I/O call whose failure is never classified with SSL_get_error()',
    fixable: true,
    docs: {
      what: 'The result of SSL_read, SSL_write, SSL_peek (and their _ex forms), SSL_connect, SSL_accept, SSL_do_handshake or SSL_shutdown is tested for failure, but on the failure path nothing calls SSL_get_error() (directly, through a function of the same file, or through code the result is handed to). Also reported: SSL_get_error() called with its result thrown away.',
      why: 'Only SSL_get_error() tells a retry (SSL_ERROR_WANT_READ/WANT_WRITE) from a clean close (SSL_ERROR_ZERO_RETURN), an I/O error (SSL_ERROR_SYSCALL, where errno is meaningful) and a protocol error (SSL_ERROR_SSL, where the error queue holds the reason). Code that skips it treats a harmless retry as fatal and prints errno text that has nothing to do with the failure ("Success").',
      bad: 'int n = SSL_read(ssl, buf, sizeof buf);\nif (n <= 0) {\n    perror("SSL_read");\n    return -1;\n}',
      good: 'int n = SSL_read(ssl, buf, sizeof buf);\nif (n <= 0) {\n    switch (SSL_get_error(ssl, n)) {\n    case SSL_ERROR_WANT_READ:\n    case SSL_ERROR_WANT_WRITE:\n        return 0; /* retry when the socket is ready */\n    case SSL_ERROR_ZERO_RETURN:\n        return -1; /* clean close */\n    default:\n        return -1; /* fatal: SYSCALL or SSL */\n    }\n}',
      fix: 'Inserts a switch (SSL_get_error(ssl, n)) skeleton at the top of the failure block, with the cases the call can produce and TODO comments to fill in.',
      references: ['SSL_get_error(3)', 'SSL_read(3)', 'SSL_write(3)', 'SSL_connect(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      // OpenSSL's own API functions (SSL_read_early_data…) hand failures to their caller, who classifies them.
      const forwardsToCaller = model.name.startsWith("SSL_");
      for (const io of forwardsToCaller ? [] : file.ioCalls(model)) {
        const failures = resultTests(file, model, io).filter((t) => t.failure);
        const test = failures[0];
        if (!test) continue;
        const window = handlingWindow(file, model, io);
        if (failures.some((t) => handled(file, model, io, failurePaths(model, window, t)))) continue;
        const fix = fixFor(file, io, test);
        report({
          start: io.call.startIndex,
          end: io.call.endIndex,
          message: `${io.name}() can fail and its failure is tested, but never classified with SSL_get_error(): a retry (WANT_READ/WANT_WRITE), a clean close (ZERO_RETURN), an I/O error (SYSCALL) and a protocol error (SSL) all take the same path. Call SSL_get_error(${io.ssl.text}, …) on the failure path and handle each case.`,
          related: [{ start: test.cond.startIndex, end: test.cond.endIndex, message: `the failure of ${io.name}() is tested here` }],
          fixes: fix ? [fix] : [],
        });
      }
      for (const call of model.callsNamed(new Set(['SSL_get_error']))) {
        if (outermostWrapping(call.node).parent?.type !== 'expression_statement') continue;
        report({
          start: call.node.startIndex,
          end: call.node.endIndex,
          message: 'The result of SSL_get_error() is discarded, so the failure is still not classified. Store it and branch on SSL_ERROR_WANT_READ/WANT_WRITE, ZERO_RETURN, SYSCALL and SSL.',
        });
      }
    }
  },
};
