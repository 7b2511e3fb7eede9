import type { SyntaxNode as Node } from './syntaxTree';
import type { CfgNode } from './cfg';
import { atomsOn } from './facts';
import type { FileContext } from './fileContext';
import { declaredName, type FunctionModel } from './functionModel';
import { lvalueKey, outermostWrapping } from './syntax';

/**
 * OpenSSL calls that leave errors on the queue when they fail and whose failure code commonly tolerates
 * (rules.md A6/A7 evidence: d2i/PEM parsing, loading certificates and CA files, cipher and group lists).
 */
const fallibleNames = String.raw`d2i_\w+|PEM_read\w*|PEM_X509_INFO_read\w*|SSL_CTX_use_\w+|SSL_use_\w+|SSL_CTX_load_verify_\w+|SSL_CTX_set_default_verify_\w+|X509_STORE_add_\w+|X509_STORE_load_\w+|X509_load_\w+|X509_LOOKUP_\w+|SSL_CTX_set_cipher_list|SSL_CTX_set_ciphersuites|SSL_set_cipher_list|SSL_set_ciphersuites|SSL_CTX_check_private_key|SSL_CTX_set1_(?:groups|curves|sigalgs)_list|OPENSSL_init_ssl|OSSL_PROVIDER_load|BIO_new_file|PKCS12_parse|OCSP_\w+_verify|SSL_CTX_set_tmp_dh|SSL_CTX_set0_tmp_dh_pkey`;
export const fallibleCall = new RegExp(`^(?:${fallibleNames})$`);
/** The same names, to find them in text. */
export const fallibleCallInText = new RegExp(`\\b(?:${fallibleNames})\\b`);

/** A pointer result fails with NULL; the rest (int) with <= 0. */
const pointerResult = /^(?:d2i_|PEM_read|PEM_X509_INFO|BIO_new|X509_LOOKUP_)/;

export interface FailureBranch {
  readonly call: Node;
  readonly name: string;
  readonly branch: CfgNode;
  readonly cond: Node;
}

/** The branches of the function taken when a fallible OpenSSL call failed. */
export function failureBranches(file: FileContext, model: FunctionModel): FailureBranch[] {
  const result: FailureBranch[] = [];
  for (const site of model.calls()) {
    if (!fallibleCall.test(site.name)) continue;
    const isSubject = (n: Node) => file.holdsResultOf(model, n, site.node);
    // Only conditions that name the variable holding the result (or contain the call) can test it.
    const holder = outermostWrapping(site.node).parent;
    const declarator = holder?.type === 'init_declarator' ? holder.childForFieldName('declarator') : null;
    const target = holder?.type === 'assignment_expression' ? holder.childForFieldName('left') : null;
    const holderName = declarator ? declaredName(declarator)?.text : target ? lvalueKey(target)?.split(/->|\./).at(-1) : undefined;
    const mentioned = holderName ?? site.name;
    const failing = pointerResult.test(site.name) ? new Set([0]) : new Set([-1, 0]);
    const domain = pointerResult.test(site.name) ? [0, 1] : [-1, 0, 1];
    for (const node of model.cfg.nodes) {
      const branch = node.branch;
      if (branch?.kind !== 'cond' || !branch.cond.text.includes(mentioned)) continue;
      const atoms = atomsOn(branch.cond, isSubject, domain);
      if (atoms.length !== 1) continue;
      const atom = atoms[0];
      if (atom?.node.id !== branch.cond.id) continue;
      const taken = new Set(domain.filter((v) => atom.trueFor.has(v) === branch.value));
      if (taken.size > 0 && [...taken].every((v) => failing.has(v))) result.push({ call: site.node, name: site.name, branch: node, cond: branch.cond });
    }
  }
  return result;
}
