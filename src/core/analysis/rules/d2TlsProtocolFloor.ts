import type { SyntaxNode as Node } from '../syntaxTree';
import type { Fix, Rule } from '../rule';
import { forEachDescendant, stripExpr } from '../syntax';
import { blockStatement, checked, failureJump, replaceStatement } from '../tlsFixes';
import { TlsSetup } from '../tlsSetup';
import { isEmptyRange, openSsl110, versionRangeAt } from '../versionGuards';

/** SSL_OP_NO_* flags in protocol order, with the version constant of each. */
const versions = [
  ['SSL_OP_NO_SSLv3', 'SSL3_VERSION'], ['SSL_OP_NO_TLSv1', 'TLS1_VERSION'], ['SSL_OP_NO_TLSv1_1', 'TLS1_1_VERSION'],
  ['SSL_OP_NO_TLSv1_2', 'TLS1_2_VERSION'], ['SSL_OP_NO_TLSv1_3', 'TLS1_3_VERSION'],
] as const;
const versionFlags = new Set<string>(versions.map(([flag]) => flag));
const lowFloors = new Set(['0', 'SSL3_VERSION', 'TLS1_VERSION', 'TLS1_1_VERSION']);

/** The identifiers OR-ed together in an options argument, or undefined when it is anything else. */
function orOperands(expr: Node): string[] | undefined {
  const node = stripExpr(expr);
  if (node.type === 'identifier') return [node.text];
  if (node.type !== 'binary_expression' || node.childForFieldName('operator')?.text !== '|') return undefined;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const l = left ? orOperands(left) : undefined;
  const r = right ? orOperands(right) : undefined;
  return l && r ? [...l, ...r] : undefined;
}

export const tlsProtocolFloor: Rule = {
  meta: {
    id: 'D2',
    name: 'tls-protocol-floor',
    severity: 'warning',
    summary: 'Protocol versions set with deprecated SSL_OP_NO_* flags, with a hole, or with a too-low or unchecked minimum',
    fixable: true,
    readsTlsSetup: true,
    docs: {
      what: 'SSL_CTX_set_options/SSL_set_options with SSL_OP_NO_SSLv3, _TLSv1, _TLSv1_1, _TLSv1_2 or _TLSv1_3 (deprecated), in particular a set that leaves a hole (NO_TLSv1_1 without NO_TLSv1); or SSL_CTX_set_min_proto_version/SSL_set_min_proto_version with 0, SSL3_VERSION, TLS1_VERSION or TLS1_1_VERSION, or with its result ignored. Code inside `#if OPENSSL_VERSION_NUMBER < 0x10100000L` is not reported.',
      why: 'The SSL_OP_NO_* flags are deprecated in favour of min/max versions; a hole silently disables every version above it for clients. A minimum below TLS 1.2 allows protocols with known weaknesses (RFC 8996), and an unchecked call that failed leaves the default range in place.',
      bad: 'SSL_CTX_set_options(ctx, SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1);',
      good: 'if (!SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION))\n    goto err;',
      fix: 'Replaces a statement of only SSL_OP_NO_* flags by checked set_min_proto_version (the highest contiguously disabled version + 1, at least TLS 1.2) and set_max_proto_version when TLS 1.3 is disabled; raises a too-low minimum to TLS1_2_VERSION; adds a check to an unchecked call. Checks use the function\'s error path; without one no edit is offered.',
      references: ['SSL_CTX_set_options(3)', 'SSL_CTX_set_min_proto_version(3)', 'SSL_CTX_new(3) NOTES', 'RFC 8996'],
    },
  },
  check(file, report) {
    const setup = TlsSetup.of(file);
    const current = (node: Node) => {
      const range = versionRangeAt(node, file.options.targetVersion);
      return !isEmptyRange(range) && range.max > openSsl110;
    };
    for (const c of setup.analysedCalls('SSL_CTX_set_options', 'SSL_set_options')) {
      const [target, options] = c.args;
      if (!target || !options || !current(c.call)) continue;
      const flags: string[] = [];
      forEachDescendant(options, (n) => { if (n.type === 'identifier' && versionFlags.has(n.text)) flags.push(n.text); });
      if (flags.length === 0) continue;
      const disabled = versions.map(([flag]) => flags.includes(flag));
      const floorIndex = disabled.findIndex((d) => !d);
      const hole = floorIndex >= 0 && disabled.slice(floorIndex).some((d, i) => d && disabled.slice(floorIndex + i).some((x) => !x));
      const prefix = c.name === 'SSL_CTX_set_options' ? 'SSL_CTX' : 'SSL';
      const min = versions[Math.max(floorIndex === -1 ? 4 : floorIndex, 3)]?.[1] ?? 'TLS1_2_VERSION';
      const statement = blockStatement(file.text, c.call);
      const operands = orOperands(options);
      const jump = statement ? failureJump(c.model, statement, statement.startIndex) : undefined;
      const fixes: Fix[] = [];
      if (statement?.type === 'expression_statement' && stripExpr(statement.namedChild(0) ?? statement).id === c.call.id && operands?.every((o) => versionFlags.has(o)) && jump) {
        const lines = [checked(`!${prefix}_set_min_proto_version(${target.text}, ${min})`, jump)];
        if (disabled[4] && floorIndex !== -1) lines.push(checked(`!${prefix}_set_max_proto_version(${target.text}, TLS1_2_VERSION)`, jump));
        fixes.push({ title: `Use ${prefix}_set_min_proto_version(${target.text}, ${min})${lines.length > 1 ? ' and a TLS 1.2 maximum' : ''}`, edits: [replaceStatement(file.text, statement, lines.join('\n'))], safe: false });
      }
      report({
        start: options.startIndex, end: options.endIndex,
        message: hole
          ? `These SSL_OP_NO_* flags leave a hole in the protocol range: a client then also loses every version above the hole. Use ${prefix}_set_min_proto_version() and _max_ instead.`
          : `SSL_OP_NO_* protocol flags are deprecated: use ${prefix}_set_min_proto_version(${target.text}, ${min}) (and _max_ if needed).`,
        fixes,
      });
    }
    for (const c of setup.analysedCalls('SSL_CTX_set_min_proto_version', 'SSL_set_min_proto_version')) {
      const version = c.args[1];
      if (!version || !current(c.call)) continue;
      if (lowFloors.has(stripExpr(version).text)) {
        report({
          start: version.startIndex, end: version.endIndex,
          message: `A minimum of ${stripExpr(version).text === '0' ? '0 (the lowest the library supports)' : version.text} allows protocol versions with known weaknesses (RFC 8996): require TLS1_2_VERSION.`,
          fixes: [{ title: 'Require TLS 1.2 or later', edits: [{ start: version.startIndex, end: version.endIndex, newText: 'TLS1_2_VERSION' }], safe: false }],
        });
        continue;
      }
      const statement = blockStatement(file.text, c.call);
      if (statement?.type !== 'expression_statement' || stripExpr(statement.namedChild(0) ?? statement).id !== c.call.id) continue;
      const jump = failureJump(c.model, statement, statement.startIndex);
      report({
        start: c.call.startIndex, end: c.call.endIndex,
        message: `The result of ${c.name}() is ignored: if it fails (an unsupported version), the default range stays in effect silently. Check it.`,
        fixes: jump ? [{ title: `Check the result of ${c.name}()`, edits: [replaceStatement(file.text, statement, checked(`!${c.call.text}`, jump))], safe: true }] : [],
      });
    }
  },
};
