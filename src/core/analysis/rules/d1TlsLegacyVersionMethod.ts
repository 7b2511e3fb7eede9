import type { SyntaxNode as Node } from '../syntaxTree';
import type { Fix, Rule, Severity, TextEdit } from '../rule';
import { calleeName } from '../syntax';
import { targetKey } from '../tlsSetup';
import { blockStatement, checked, failureJump, insertAfter, nullCheckAfter } from '../tlsFixes';
import { isEmptyRange, openSsl110, versionRangeAt } from '../versionGuards';
import type { FunctionModel } from '../functionModel';

const legacyMethod = /^(SSLv2|SSLv3|SSLv23|TLSv1|TLSv1_1|TLSv1_2|DTLSv1|DTLSv1_2)_(?:(client|server)_)?method$/;

/** The protocol a version-specific method pins, as the constant SSL_CTX_set_min/max_proto_version takes. */
const pinnedVersion: Record<string, string | undefined> = {
  SSLv3: 'SSL3_VERSION', TLSv1: 'TLS1_VERSION', TLSv1_1: 'TLS1_1_VERSION', TLSv1_2: 'TLS1_2_VERSION',
  DTLSv1: 'DTLS1_VERSION', DTLSv1_2: 'DTLS1_2_VERSION',
};
/** Versions with known attacks (SSL_CTX_new.pod, RFC 8996): errors rather than warnings. */
const broken = new Set(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1_1', 'DTLSv1']);

/** The checked min (and, for a still-sound pin, max) version calls to add after the context's NULL test. */
function versionFix(model: FunctionModel, text: string, call: Node, family: string, replacement: string): Fix | undefined {
  // SSL_CTX_new(TLSv1_2_client_method()) assigned to a context variable, tested for NULL right after.
  const ctxNew = call.parent?.parent;
  if (ctxNew?.type !== 'call_expression' || calleeName(ctxNew) !== 'SSL_CTX_new') return undefined;
  const ctx = targetKey(ctxNew);
  const statement = blockStatement(text, ctxNew);
  if (!ctx || !statement) return undefined;
  const nullCheck = nullCheckAfter(statement, ctx);
  const jump = nullCheck ? failureJump(model, nullCheck) : undefined;
  if (!nullCheck || !jump) return undefined;
  const dtls = family.startsWith('DTLS');
  const floor = broken.has(family) ? (dtls ? 'DTLS1_2_VERSION' : 'TLS1_2_VERSION') : pinnedVersion[family];
  if (!floor) return undefined;
  const lines = [checked(`!SSL_CTX_set_min_proto_version(${ctx}, ${floor})`, jump)];
  // A pin to a sound version stays a pin; a pin to a broken one becomes "this version or later".
  if (!broken.has(family)) lines.push(checked(`!SSL_CTX_set_max_proto_version(${ctx}, ${floor})`, jump));
  const insert = insertAfter(text, nullCheck, lines.join('\n'));
  if (!insert) return undefined;
  const name = call.childForFieldName('function');
  if (!name) return undefined;
  const edits: TextEdit[] = [{ start: name.startIndex, end: name.endIndex, newText: replacement }, insert];
  return {
    title: broken.has(family) ? `Use ${replacement}() with TLS 1.2 as the minimum version` : `Use ${replacement}() pinned to ${floor} with min/max version calls`,
    edits,
    safe: false,
  };
}

export const tlsLegacyVersionMethod: Rule = {
  meta: {
    id: 'D1',
    name: 'tls-legacy-version-method',
    severity: 'warning',
    summary: 'A version-specific (deprecated) or renamed SSL_METHOD; an error for SSLv3, TLS 1.0, TLS 1.1 and DTLS 1.0',
    fixable: true,
    docs: {
      what: 'A call to SSLv3_method, TLSv1_method, TLSv1_1_method, TLSv1_2_method, DTLSv1_method, DTLSv1_2_method (or their _client_/_server_ forms), the removed SSLv2 methods, or the SSLv23_* names (an informational rename). Code inside an `#if OPENSSL_VERSION_NUMBER < 0x10100000L` branch is not reported: before 1.1.0 these were the only methods.',
      why: 'The version-specific methods are deprecated since OpenSSL 1.1.0 and pin one protocol version: a TLS 1.0 or 1.1 pin uses protocols with known weaknesses (RFC 8996), and a TLS 1.2 pin silently refuses TLS 1.3. SSLv23_method is a macro for TLS_method kept for compatibility.',
      bad: 'ctx = SSL_CTX_new(TLSv1_client_method());',
      good: 'ctx = SSL_CTX_new(TLS_client_method());\nif (ctx == NULL)\n    goto err;\nif (!SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION))\n    goto err;',
      fix: 'Replaces the method with TLS_method/TLS_client_method/TLS_server_method (DTLS_* for DTLS). For a version pin it adds checked SSL_CTX_set_min_proto_version (and _max_ for a sound pin like TLS 1.2) after the context\'s NULL test, reusing the function\'s error path; SSLv23_* is renamed only.',
      references: ['SSL_CTX_new(3)', 'SSL_CTX_set_min_proto_version(3)', 'include/openssl/ssl.h (OSSL_DEPRECATEDIN_1_1_0)', 'RFC 8996'],
    },
  },
  check(file, report) {
    // Source names, not TlsSetup's alias-resolved ones: SSLv23_method is reported as the rename it is.
    for (const c of file.functions().flatMap((model) => model.calls().map((site) => ({ model, call: site.node, name: site.name })))) {
      const name = c.name;
      const match = legacyMethod.exec(name);
      if (!match?.[1]) continue;
      const range = versionRangeAt(c.call, file.options.targetVersion);
      if (isEmptyRange(range) || range.max <= openSsl110) continue;
      const family = match[1];
      const side = match[2] ? `${match[2]}_` : '';
      const replacement = `${family.startsWith('DTLS') ? 'DTLS' : 'TLS'}_${side}method`;
      if (family === 'SSLv23') {
        report({
          start: c.call.startIndex, end: c.call.endIndex, severity: 'info', deprecated: true,
          message: `${name}() is the old name of ${replacement}(), kept as a macro: use ${replacement}() and set a minimum version with SSL_CTX_set_min_proto_version().`,
          fixes: [{ title: `Rename to ${replacement}()`, edits: [{ start: c.call.startIndex, end: c.call.startIndex + name.length, newText: replacement }], safe: true }],
        });
        continue;
      }
      const severity: Severity = broken.has(family) ? 'error' : 'warning';
      const fix = versionFix(c.model, file.text, c.call, family, replacement);
      report({
        start: c.call.startIndex, end: c.call.endIndex, severity, deprecated: true,
        message: family === 'SSLv2'
          ? `${name}() was removed in OpenSSL 1.1.0 and SSLv2 is broken: use ${replacement}() with SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION).`
          : `${name}() is deprecated since OpenSSL 1.1.0 and pins ${pinnedVersion[family] ?? family}${broken.has(family) ? ', a protocol version with known weaknesses' : ''}: use ${replacement}() and SSL_CTX_set_min_proto_version().`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
