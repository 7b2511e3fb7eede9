// Network-supplied text is shown as text, and also as what it is: control characters and bidirectional overrides
// (which can make "moc.elgoog" read as "google.com") are replaced by visible escapes before they reach the DOM.

function invisible(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f)
    || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0xfeff;
}

export function visibleText(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    out += invisible(code) ? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}` : c;
  }
  return out;
}
