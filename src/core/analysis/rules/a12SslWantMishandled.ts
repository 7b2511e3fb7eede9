import type { SyntaxNode as Node } from '../syntaxTree';
import { classifiedIo, errorOutcomes, isSslErrorValue } from '../classification';
import type { FileContext, IoCall } from '../fileContext';
import type { FunctionModel } from '../functionModel';
import type { Fix, Rule } from '../rule';
import { forEachDescendant, indentationAt, lineEnding, openSslCallPattern, stripExpr } from '../syntax';

interface Classification {
  /** The switch statement or the first comparison of an if-chain on the SSL_get_error() value. */
  readonly anchor: Node;
  readonly handled: Map<string, Node>;
  readonly hasDefault: boolean;
  readonly isSwitch: boolean;
}

const readFunctions = new Set(['SSL_read', 'SSL_read_ex', 'SSL_peek', 'SSL_peek_ex']);

/** Output and OpenSSL calls do not wait for the socket; any other call might (poll, select, an event loop…). */
const neverWaits = (name: string) => openSslCallPattern.test(name) || /^(?:printf|fprintf|puts|fputs|syslog|perror|snprintf|sprintf|strerror|memcpy|memmove|memset|strlen)$/.test(name);

/** A WANT_* branch that leads straight back to the I/O call, with nothing that could wait for the socket (rules.md A12 b). */
function busyRetries(file: FileContext, model: FunctionModel): { anchor: Node; io: IoCall }[] {
  const result: { anchor: Node; io: IoCall }[] = [];
  // With memory BIOs (test harnesses) an immediate retry is how the pair is pumped.
  if (!file.facts.nonBlocking || file.facts.memoryBios) return result;
  const waits = new Set(model.calls().filter((c) => !neverWaits(c.name)).map((c) => c.cfg));
  for (const node of model.cfg.nodes) {
    const branch = node.branch;
    if (!branch) continue;
    const outcomes = errorOutcomes(file, model, branch);
    const possible = outcomes ? [...outcomes.possible] : [];
    if (possible.length === 0 || !possible.every((n) => n === 'SSL_ERROR_WANT_READ' || n === 'SSL_ERROR_WANT_WRITE')) continue;
    const getError = outcomes?.getErrors[0];
    const io = getError ? classifiedIo(file, model, getError) : undefined;
    if (!io || waits.has(io.cfg)) continue;
    if (!model.cfg.reachable(node.id, (id) => waits.has(id) || id === io.cfg).has(io.cfg)) continue;
    const anchor = branch.kind === 'cond' ? branch.cond : branch.kind === 'case' ? branch.labels[0] ?? branch.subject : branch.subject;
    result.push({ anchor, io });
  }
  return result;
}

export const sslWantMishandled: Rule = {
  meta: {
    id: 'A12',
    name: 'ssl-want-mishandled',
    severity: 'warning',
    summary: 'SSL_ERROR_WANT_READ/WANT_WRITE treated as fatal, or cases missing',
    fixable: true,
    docs: {
      what: 'In code using non-blocking sockets, a SSL_ERROR_WANT_READ/WANT_WRITE branch that goes straight back to the I/O call with nothing that waits for the socket (a busy loop). A switch or if-chain on the result of SSL_get_error() that handles SSL_ERROR_WANT_READ but not SSL_ERROR_WANT_WRITE (or the reverse; not reported in files using memory BIOs or BIO pairs, where one direction can be known never to block); or, in code using non-blocking sockets, handles neither so both fall into the fatal default; or classifies a read without an SSL_ERROR_ZERO_RETURN case.',
      why: 'Any TLS I/O call can ask for either direction: SSL_read may need to write during renegotiation or a key update, SSL_write may need to read. Treating the other WANT as fatal drops healthy connections under load; a read path without ZERO_RETURN treats the peer\'s clean close as an error.',
      bad: 'switch (SSL_get_error(s, n)) {\ncase SSL_ERROR_WANT_READ:\n    goto again;\ndefault:\n    close_conn();\n}',
      good: 'switch (SSL_get_error(s, n)) {\ncase SSL_ERROR_WANT_READ:  wait_fd(fd, POLLIN);  goto again;\ncase SSL_ERROR_WANT_WRITE: wait_fd(fd, POLLOUT); goto again;\ncase SSL_ERROR_ZERO_RETURN: return 0;\ndefault: close_conn();\n}',
      fix: 'Adds the missing case label next to the handled one, sharing its body, with a TODO to wait for the right direction.',
      references: ['SSL_get_error(3) (WANT_READ/WANT_WRITE)', 'SSL_read(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      const byCall = new Map<number, { getError: Node; classifications: Classification[] }>();
      const add = (getErrors: Node[], classification: Classification) => {
        for (const getError of getErrors) {
          const entry = byCall.get(getError.id) ?? { getError, classifications: [] };
          entry.classifications.push(classification);
          byCall.set(getError.id, entry);
        }
      };
      const getErrorsOf = (expr: Node) => file.originsOf(model, expr).filter((o) => o.kind === 'call' && o.name === 'SSL_get_error').map((o) => (o.kind === 'call' ? o.call : expr));
      forEachDescendant(model.body, (node) => {
        if (node.type === 'switch_statement') {
          const condition = node.childForFieldName('condition');
          const subject = condition ? stripExpr(condition.type === 'condition_clause' ? condition.childForFieldName('value') ?? condition : condition) : undefined;
          if (!subject || !isSslErrorValue(file, model, subject)) return;
          const handled = new Map<string, Node>();
          let hasDefault = false;
          for (const item of node.childForFieldName('body')?.namedChildren ?? []) {
            if (item?.type !== 'case_statement') continue;
            const value = item.childForFieldName('value');
            if (!value) hasDefault = true;
            else handled.set(stripExpr(value).text, value);
          }
          add(getErrorsOf(subject), { anchor: node, handled, hasDefault, isSwitch: true });
        } else if (node.type === 'binary_expression') {
          const op = node.childForFieldName('operator')?.text;
          if (op !== '==' && op !== '!=') return;
          const left = node.childForFieldName('left');
          const right = node.childForFieldName('right');
          if (!left || !right) return;
          const [subject, constant] = stripExpr(right).text.startsWith("SSL_ERROR_") ? [left, right] : [right, left];
          if (!/^SSL_ERROR_\w+$/.test(stripExpr(constant).text) || !isSslErrorValue(file, model, subject)) return;
          const getErrors = getErrorsOf(subject);
          add(getErrors, { anchor: node, handled: new Map([[stripExpr(constant).text, constant]]), hasDefault: true, isSwitch: false });
        }
      });
      for (const { anchor, io } of busyRetries(file, model)) {
        report({
          start: anchor.startIndex, end: anchor.endIndex,
          message: `On SSL_ERROR_WANT_READ/WANT_WRITE this path calls ${io.name}() again at once, without waiting for the socket (poll/select or the event loop): on a non-blocking socket that spins the CPU until data arrives. Wait for readability or writability first.`,
          related: [{ start: io.call.startIndex, end: io.call.endIndex, message: `${io.name}() is called again right away` }],
        });
      }
      for (const { getError, classifications } of byCall.values()) {
        const handled = new Map<string, Node>();
        for (const c of classifications) for (const [k, v] of c.handled) if (!handled.has(k)) handled.set(k, v);
        const first = classifications[0];
        if (!first) continue;
        const io = classifiedIo(file, model, getError);
        const read = handled.get('SSL_ERROR_WANT_READ');
        const write = handled.get('SSL_ERROR_WANT_WRITE');
        const related = io ? [{ start: io.call.startIndex, end: io.call.endIndex, message: `the ${io.name}() call being classified` }] : [];
        // With memory BIOs or BIO pairs a direction can be known never to block (test harnesses rely on it).
        if ((read === undefined) !== (write === undefined) && !file.facts.memoryBios) {
          const present = read ? 'SSL_ERROR_WANT_READ' : 'SSL_ERROR_WANT_WRITE';
          const missing = read ? 'SSL_ERROR_WANT_WRITE' : 'SSL_ERROR_WANT_READ';
          const at = (read ?? write)!;
          const switchCase = classifications.find((c) => c.isSwitch && c.handled.has(present));
          const fixes: Fix[] = [];
          const label = switchCase ? at.parent : undefined;
          if (label?.type === 'case_statement') {
            const indent = indentationAt(file.text, label.startIndex);
            const eol = lineEnding(file.text);
            fixes.push({ title: `Add case ${missing} next to ${present}`, edits: [{ start: label.startIndex, end: label.startIndex, newText: `case ${missing}: /* TODO: wait until the socket is ${missing.endsWith('READ') ? 'readable' : 'writable'}, then retry */${eol}${indent}` }], safe: false });
          }
          report({
            start: at.startIndex, end: at.endIndex,
            message: `${present} is handled but ${missing} is not: any TLS I/O call can ask for either direction (SSL_read may need to write, SSL_write may need to read), so ${missing} ends up on the fatal path. Handle both.`,
            related, fixes,
          });
        } else if (!read && !write && file.facts.nonBlocking && classifications.some((c) => c.isSwitch && c.hasDefault) && handled.size > 0) {
          const anchor = classifications.find((c) => c.isSwitch)?.anchor ?? first.anchor;
          report({
            start: anchor.startIndex, end: anchor.startIndex + 'switch'.length,
            message: 'This code uses non-blocking I/O, but SSL_ERROR_WANT_READ and SSL_ERROR_WANT_WRITE fall into the default case and are treated as fatal. Retry the call when the socket is ready instead.',
            related,
          });
        } else if (io && readFunctions.has(io.name) && (read || write) && !handled.has('SSL_ERROR_ZERO_RETURN') && (handled.has('SSL_ERROR_SYSCALL') || handled.has('SSL_ERROR_SSL'))) {
          const anchor = first.anchor;
          report({
            start: anchor.startIndex, end: first.isSwitch ? anchor.startIndex + 'switch'.length : anchor.endIndex,
            message: `The failure of ${io.name}() is classified without an SSL_ERROR_ZERO_RETURN case: the peer's clean close (close_notify) is handled like an error. Add a case that ends the read normally.`,
            related,
          });
        }
      }
    }
  },
};
