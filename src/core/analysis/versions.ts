import type { SyntaxNode as Node } from './syntaxTree';
import type { TargetVersion } from './options';

export type OpenSslLine = '1.1.1' | '3.x';

const guard = /OPENSSL_VERSION_NUMBER\s*(<=|<|>=|>)\s*(0x[0-9a-fA-F]+)L?/;

/** Which OpenSSL line a `#if OPENSSL_VERSION_NUMBER op 0x…` condition selects, for its #if side. */
function lineSelected(condition: string): OpenSslLine | undefined {
  const match = guard.exec(condition);
  if (!match?.[1] || !match[2]) return undefined;
  const value = parseInt(match[2], 16);
  const below3 = match[1] === '<' ? value <= 0x30000000 : match[1] === '<=' ? value < 0x30000000 : undefined;
  const from3 = match[1] === '>=' ? value >= 0x30000000 : match[1] === '>' ? value >= 0x2fffffff : undefined;
  if (below3) return '1.1.1';
  if (from3) return '3.x';
  return undefined;
}

/** The OpenSSL lines the code at `node` is compiled for: the setting, narrowed by enclosing version guards when auto. */
export function linesAt(node: Node, target: TargetVersion): Set<OpenSslLine> {
  if (target !== 'auto') return new Set([target]);
  const lines = new Set<OpenSslLine>(['1.1.1', '3.x']);
  for (let child: Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type !== 'preproc_if' && parent.type !== 'preproc_elif') continue;
    const condition = parent.childForFieldName('condition')?.text ?? '';
    const selected = lineSelected(condition);
    if (!selected) continue;
    const inElse = parent.childForFieldName('alternative')?.id === child.id;
    const line = inElse ? (selected === '3.x' ? '1.1.1' : '3.x') : selected;
    for (const l of [...lines]) if (l !== line) lines.delete(l);
  }
  return lines;
}

/** Whether a file says it supports pre-3.0 OpenSSL (a version guard with a 1.x side). */
export function supportsPre3(text: string): boolean {
  for (const match of text.matchAll(/OPENSSL_VERSION_NUMBER\s*(?:<=|<|>=|>)\s*0x[0-9a-fA-F]+L?/g)) if (lineSelected(match[0])) return true;
  return false;
}
