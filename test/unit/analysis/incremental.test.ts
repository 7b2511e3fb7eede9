import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixturesDir as fixtures } from './fixtureHarness';
import { LintCache, lintDocument, lintText, type LintResult } from '../../../src/core/analysis/lint';
import { defaultLintOptions, type LintOptions } from '../../../src/core/analysis/options';
import { languageFor, ParsedDocument, type TextChange } from '../../../src/core/analysis/parser';
import { TreeCopy, type SyntaxNode } from '../../../src/core/analysis/syntaxTree';
import { SetupSelection, type RawSummary } from '../../../src/core/analysis/fileContext';

const fixture = (rule: string, file: string) => fs.readFileSync(path.join(fixtures, rule, file), 'utf8');

// Related locations and fixes too: a kept finding that points into another function must not go stale.
const shown = (result: LintResult) => result.findings.map((f) => `${f.ruleId}@${f.start}-${f.end} ${f.message} ${JSON.stringify([f.related, f.fixes])}`);

/** Lints the document incrementally and checks the result against a fresh parse and lint of the same text. */
async function lintBoth(document: ParsedDocument, cache: LintCache, options: LintOptions = defaultLintOptions): Promise<string[]> {
  const incremental = shown(lintDocument(document, options, undefined, cache));
  assert.deepEqual(incremental, shown(await lintText(document.text, 'x.c', options)), `after edits, text:\n${document.text}`);
  return incremental;
}

const at = (document: ParsedDocument, needle: string, skip = 0): number => {
  const offset = document.text.indexOf(needle) + skip;
  assert.ok(offset >= skip, `${needle} not in the text`);
  return offset;
};

/** Deterministic pseudo-random integers below `n` (the same sequence on every run; the generator's high bits). */
function seededRandom(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor(seed / 65536) % n;
  };
}

/**
 * Applies `count` updates to the document at pseudo-random places, each inserting one of `inserts` or deleting a
 * little (every seventh update makes up to three changes), and yields each update's changes once applied.
 */
function* randomUpdates(document: ParsedDocument, inserts: readonly string[], count: number, random: (n: number) => number): Generator<TextChange[]> {
  for (let i = 0; i < count; i++) {
    const changes: TextChange[] = [];
    let length = document.text.length;
    for (let c = 0; c < 1 + (i % 7 === 0 ? random(3) : 0); c++) {
      const start = random(length);
      const removed = random(4) === 0 ? Math.min(random(5), length - start) : 0;
      const newText = removed > 0 && random(2) === 0 ? '' : inserts[random(inserts.length)] ?? ' ';
      changes.push({ startOffset: start, oldEndOffset: start + removed, newText });
      length += newText.length - removed;
    }
    document.update(changes);
    yield changes;
  }
}

/**
 * Joins rule fixtures into one file and edits it 120 times at pseudo-random places (sometimes several changes in one
 * update) with structural characters and `extraInserts`, checking every incremental lint against a fresh one.
 */
async function editRandomly(fixtureFiles: readonly string[], extraInserts: readonly string[]): Promise<string[]> {
  const text = fixtureFiles.map((f) => fs.readFileSync(path.join(fixtures, f), 'utf8')).join('\n');
  const document = await ParsedDocument.create(text, 'c');
  const cache = new LintCache();
  const inserts = [' ', 'x', '\n', ';', '{', '}', '/*', '*/', '"', '#if 0\n', ...extraInserts];
  try {
    const first = await lintBoth(document, cache);
    for (const _ of randomUpdates(document, inserts, 120, seededRandom(12345))) await lintBoth(document, cache);
    return first;
  } finally {
    document.dispose();
  }
}

suite('incremental re-lint', function () {
  // Each step lints twice (incrementally and fresh); on a busy machine the long sequence takes seconds.
  this.timeout(600_000);
  test('after every edit of a long deterministic sequence, the result equals a fresh lint', async () => {
    // Several rule fixtures in one file, edited with characters that change structure ({ } ; /* " #) and
    // characters that do not, at pseudo-random places, sometimes several changes in one update.
    await editRandomly(['A12/want.c', 'A6/stale.c', 'A1/ignored.c', 'B5/errno.c'], ['O_NONBLOCK ', 'ERR_clear_error();', 'SSL_read(s, b, n);']);
  });

  test('the C/D rules, which read other functions, equal a fresh lint after every edit of a long sequence', async () => {
    // Verify callbacks, wrappers, thread starts and trust stores in other functions; edits that add, remove or
    // break the TLS setup calls, directives and version guards those rules read.
    const first = await editRandomly(['C2/callback.c', 'C6/hostname.c', 'C9/trust.c', 'D3/threads.c', 'C1/implicit.c'], [
      'SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);', 'SSL_set1_host(ssl, "a");', 'verify_cb', 'pthread_create(&t, NULL, worker, ctx);',
      '// openssl-doctor: insecure-by-design test\n', '#if OPENSSL_VERSION_NUMBER < 0x10100000L\n', '#endif\n', 'SSL_CTX_load_verify_locations(ctx, "ca", NULL);',
    ]);
    for (const rule of ['C2', 'C6', 'D3']) assert.ok(first.some((f) => f.startsWith(`${rule}@`)), `${rule} in ${first.join('\n')}`);
  });

  test('the C/D rules equal a fresh lint after identifier swaps that change what functions observe of each other', async () => {
    // Every C/D fixture in one file; each step swaps one identifier for another of the TLS setup vocabulary (objects,
    // modes, methods, handshakes, identity and trust calls, function names), so the edits mostly keep the code
    // readable and change which contexts, SSLs, roles, wrappers and callbacks one function's findings depend on.
    const files = fs.readdirSync(fixtures).filter((rule) => /^[CD]\d+$/.test(rule))
      .flatMap((rule) => fs.readdirSync(path.join(fixtures, rule)).filter((f) => f.endsWith('.c')).map((f) => path.join(rule, f)));
    const vocabulary = ['ctx', 'ssl', 's', 'host', 'g_ctx', 'verify_cb', 'make_ctx', 'SSL_VERIFY_PEER', 'SSL_VERIFY_NONE', 'TLS_client_method',
      'TLS_server_method', 'SSL_connect', 'SSL_accept', 'SSL_do_handshake', 'SSL_new', 'SSL_set1_host', 'SSL_set_tlsext_host_name',
      'SSL_get_verify_result', 'SSL_CTX_set_verify', 'SSL_set_verify', 'SSL_CTX_set_default_verify_paths', 'SSL_CTX_load_verify_locations',
      'SSL_get1_peer_certificate', 'SSL_set_connect_state', 'SSL_CTX_set_options', 'pthread_create'];
    const words = new RegExp(`\\b(?:${vocabulary.join('|')})\\b`, 'g');
    const text = files.map((f) => fs.readFileSync(path.join(fixtures, f), 'utf8')).join('\n');
    const document = await ParsedDocument.create(text, 'c');
    const cache = new LintCache();
    const random = seededRandom(4242);
    try {
      await lintBoth(document, cache);
      for (let i = 0; i < 150; i++) {
        const matches = [...document.text.matchAll(words)];
        const match = matches[random(matches.length)];
        if (!match) break;
        const word = vocabulary[random(vocabulary.length)] ?? 'ctx';
        document.update([{ startOffset: match.index, oldEndOffset: match.index + match[0].length, newText: word }]);
        await lintBoth(document, cache);
      }
    } finally {
      document.dispose();
    }
  });

  test('an edit inside a suppression comment re-lints', async () => {
    const text = `#include <openssl/ssl.h>
int f(SSL *ssl)
{
    // openssl-doctor-disable-next-line A1
    SSL_connect(ssl);
    return 0;
}
`;
    const document = await ParsedDocument.create(text, 'c');
    const cache = new LintCache();
    try {
      assert.ok(!(await lintBoth(document, cache)).some((f) => f.startsWith('A1@')));
      // Typing into the comment turns the rule id into another one: A1 shows up.
      document.update([{ startOffset: at(document, 'line A1', 6), oldEndOffset: at(document, 'line A1', 7), newText: '2' }]);
      assert.ok((await lintBoth(document, cache)).some((f) => f.startsWith('A1@')));
      document.update([{ startOffset: at(document, 'line A2', 6), oldEndOffset: at(document, 'line A2', 7), newText: '1' }]);
      assert.ok(!(await lintBoth(document, cache)).some((f) => f.startsWith('A1@')));
    } finally {
      document.dispose();
    }
  });

  test('an edit in one function updates the findings of another that calls it', async () => {
    const text = `#include <openssl/err.h>
#include <openssl/ssl.h>

static void drain_errors(void)
{
    while (ERR_get_error() != 0)
        continue;
}

long tls_recv(SSL *conn, void *out, int cap)
{
    drain_errors();
    long got = SSL_read(conn, out, cap);
    if (got > 0)
        return got;
    switch (SSL_get_error(conn, (int)got)) {
    case SSL_ERROR_WANT_READ:
        return 0;
    default:
        return -1;
    }
}
`;
    const strict = { ...defaultLintOptions, errorQueueMode: 'strict' as const };
    const document = await ParsedDocument.create(text, 'c');
    const cache = new LintCache();
    try {
      assert.ok(!(await lintBoth(document, cache, strict)).some((f) => f.startsWith('A6@')));
      // One character at a time, as typed: the drain loop stops emptying the queue, so tls_recv() gets A6.
      const drain = at(document, 'ERR_get_error', 11);
      document.update([{ startOffset: drain, oldEndOffset: drain + 1, newText: 'x' }]);
      assert.ok((await lintBoth(document, cache, strict)).some((f) => f.startsWith('A6@')));
      document.update([{ startOffset: drain, oldEndOffset: drain + 1, newText: 'o' }]);
      assert.ok(!(await lintBoth(document, cache, strict)).some((f) => f.startsWith('A6@')));
    } finally {
      document.dispose();
    }
  });

  test('an edit that removes the state guard of a close function gives its callers A9', async () => {
    const text = `#include <openssl/ssl.h>

static void tls_close(SSL *ssl, int ok)
{
    if (ok)
        SSL_shutdown(ssl);
    SSL_free(ssl);
    (void)ok;
}

int tls_accept(SSL *ssl)
{
    int rc = SSL_accept(ssl);
    if (rc == 1)
        return 1;
    int e = SSL_get_error(ssl, rc);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
        return 0;
    tls_close(ssl, 0);
    return -1;
}
`;
    const document = await ParsedDocument.create(text, 'c');
    const cache = new LintCache();
    try {
      assert.ok(!(await lintBoth(document, cache)).some((f) => f.startsWith('A9@')));
      // `if (ok)` becomes the null check `if (ssl)`: tls_close() now shuts down whatever happened before (its
      // callees and the names it uses stay the same: only the summary bit changes).
      const guard = at(document, 'if (ok)', 4);
      document.update([{ startOffset: guard, oldEndOffset: guard + 2, newText: 'ssl' }]);
      const unguarded = await lintBoth(document, cache);
      assert.ok(unguarded.some((f) => f.startsWith(`A9@${document.text.indexOf('tls_close(ssl, 0)')}-`)), unguarded.join('\n'));
      document.update([{ startOffset: guard, oldEndOffset: guard + 3, newText: 'ok' }]);
      assert.ok(!(await lintBoth(document, cache)).some((f) => f.startsWith('A9@')));
    } finally {
      document.dispose();
    }
  });

  test('an edit of the #if around a function, outside its text, re-lints it (A14 follows the version guard)', async () => {
    // A second pre-3.0 guard keeps the file facts the same, so only the guard around read_eof() tells the change.
    const text = `#if OPENSSL_VERSION_NUMBER < 0x30000000L\n#define OLD 1\n#endif\n#if OPENSSL_VERSION_NUMBER < 0x30000000L\n${fixture('A14', 'eof.c')}#endif\n`;
    const document = await ParsedDocument.create(text, 'c');
    const cache = new LintCache();
    const a14 = (findings: string[]) => findings.filter((f) => f.startsWith('A14@')).length;
    try {
      const before = a14(await lintBoth(document, cache));
      const guard = at(document, '< 0x30000000L\n#include');
      document.update([{ startOffset: guard, oldEndOffset: guard + 1, newText: '>=' }]);
      const after = a14(await lintBoth(document, cache));
      assert.notEqual(after, before);
    } finally {
      document.dispose();
    }
  });

  test('an edit inside a function body that changes a file fact re-lints the other functions', async () => {
    // Some A12 findings apply only to non-blocking code, which the file says by naming O_NONBLOCK anywhere.
    const text = fixture('A12', 'want.c').replace('O_NONBLOCK', 'O_NXNBLOCK');
    const document = await ParsedDocument.create(text, 'c');
    const cache = new LintCache();
    const a12 = (findings: string[]) => findings.filter((f) => f.startsWith('A12@')).length;
    try {
      const blocking = a12(await lintBoth(document, cache));
      const x = at(document, 'O_NXNBLOCK', 3);
      document.update([{ startOffset: x, oldEndOffset: x + 1, newText: 'O' }]);
      assert.ok(a12(await lintBoth(document, cache)) > blocking);
      document.update([{ startOffset: x, oldEndOffset: x + 1, newText: 'X' }]);
      assert.equal(a12(await lintBoth(document, cache)), blocking);
    } finally {
      document.dispose();
    }
  });

  test('the document reports what changed since a revision (the edits, then where the tree changed), and nothing it does not know', async () => {
    const text = 'int f(void) { return 1; }\nint g(void) { return 2; }\n';
    const document = await ParsedDocument.create(text, 'c');
    try {
      const start = document.revision;
      const inF = text.indexOf('return 1');
      document.update([{ startOffset: inF, oldEndOffset: inF, newText: ' ' }]);
      assert.deepEqual(document.changedRegionsSince(start), [{ startOffset: inF, oldEndOffset: inF, newLength: 1 }]);
      document.update([{ startOffset: inF, oldEndOffset: inF, newText: '/*' }]);
      const regions = document.changedRegionsSince(start + 1) ?? [];
      assert.deepEqual(regions[0], { startOffset: inF, oldEndOffset: inF, newLength: 2 });
      // An unterminated comment: the tree changed beyond the two characters typed.
      const restructured = regions.slice(1);
      assert.ok(restructured.every((r) => r.newLength === r.oldEndOffset - r.startOffset), JSON.stringify(restructured));
      assert.ok(restructured.some((r) => r.oldEndOffset > inF + 2), JSON.stringify(restructured));
      assert.deepEqual(document.changedRegionsSince(start), [{ startOffset: inF, oldEndOffset: inF, newLength: 1 }, ...regions]);
      assert.deepEqual(document.changedRegionsSince(document.revision), []);
      const beforeReplace = document.revision;
      document.replace('int y;\n');
      assert.equal(document.changedRegionsSince(beforeReplace), undefined);
      assert.deepEqual(document.changedRegionsSince(document.revision), []);
    } finally {
      document.dispose();
    }
  });

  test('edits across lines leave the same node positions as a fresh parse', async () => {
    const text = 'int a;\n/* one\n two */\nint f(void)\n{\n    return 1;\n}\n';
    const document = await ParsedDocument.create(text, 'c');
    try {
      document.update([
        { startOffset: text.indexOf('one'), oldEndOffset: text.indexOf('two'), newText: 'x\ny\nz' },
        { startOffset: 0, oldEndOffset: 0, newText: 'int b;\n\n' },
      ]);
      const fresh = await ParsedDocument.create(document.text, 'c');
      const positions = (d: ParsedDocument) => {
        const out: string[] = [];
        const visit = (node: ParsedDocument['tree']['rootNode']) => {
          out.push(`${node.type} ${node.startIndex}-${node.endIndex} ${node.startPosition.row}:${node.startPosition.column}-${node.endPosition.row}:${node.endPosition.column}`);
          for (const child of node.children) if (child) visit(child);
        };
        visit(d.tree.rootNode);
        return out;
      };
      try {
        assert.deepEqual(positions(document), positions(fresh));
      } finally {
        fresh.dispose();
      }
    } finally {
      document.dispose();
    }
  });

  test('copies of definitions taken over from earlier lints equal fresh copies of the edited text', async () => {
    // Single characters typed and deleted inside function bodies (the edited function's copy reuses the subtrees
    // away from the edit; the others are moved), in C and C++, checked node by node against a fresh copy.
    const serialized = (node: SyntaxNode): string[] => {
      const out: string[] = [];
      const visit = (n: SyntaxNode, depth: number) => {
        out.push(`${depth} ${n.type} ${n.startIndex}-${n.endIndex} ${n.isNamed} ${n.hasError} ${n.parent?.fieldNames[n.parent.children.indexOf(n)] ?? ''} ${JSON.stringify(n.text)}`);
        for (const child of n.children) visit(child, depth + 1);
      };
      visit(node, 0);
      return out;
    };
    for (const file of ['A12/want.c', 'C6/hostname.c', 'A0/session.cpp', 'A12/want.cpp']) {
      const text = fs.readFileSync(path.join(fixtures, file), 'utf8');
      const document = await ParsedDocument.create(text, languageFor(file, text));
      const cache = new LintCache();
      const random = seededRandom(777);
      let compared = 0;
      try {
        lintDocument(document, defaultLintOptions, undefined, cache);
        for (let i = 0; i < 60; i++) {
          const bodies = [...document.text.matchAll(/\{[^{}]*\}/g)];
          const body = bodies[random(bodies.length)];
          assert.ok(body, file);
          const offset = body.index + 1 + random(Math.max(1, body[0].length - 2));
          const typed = [' ', 'x', ';', '(', '1', '\n'][random(6)] ?? ' ';
          document.update([{ startOffset: offset, oldEndOffset: offset, newText: typed }]);
          lintDocument(document, defaultLintOptions, undefined, cache);
          if (i % 3 === 0) {
            document.update([{ startOffset: offset, oldEndOffset: offset + 1, newText: '' }]);
            lintDocument(document, defaultLintOptions, undefined, cache);
          }
          const fresh = new TreeCopy(document.tree, document.text).definitions();
          for (const { startIndex: start, memo } of cache.previous?.definitions ?? []) {
            const copy = memo.copy?.node;
            const ref = fresh.find((d) => d.startIndex === start);
            if (!copy || !ref) continue;
            // The copy is read as the next lint will see it: at its current place, under fresh ancestors.
            const { source } = memo.copy ?? {};
            if (source) source.base = start;
            assert.deepEqual(serialized(copy).slice(1), serialized(ref.node()).slice(1), `${file} after typing ${JSON.stringify(typed)} at ${offset}`);
            compared++;
          }
        }
        // Most steps leave some analysed function intact (a copy to compare); a run that compared none tests nothing.
        assert.ok(compared > 20, `${file}: only ${compared} copies compared`);
      } finally {
        document.dispose();
      }
    }
  });

  test('the definitions found after an edit (walking only the changed part of the tree) equal those of a fresh walk', async () => {
    // Structural characters, directives and comment openers at pseudo-random places, sometimes several per update.
    const text = ['A14/eof.c', 'C2/callback.c', 'A12/want.cpp', 'D1/methods.c'].map((f) => fs.readFileSync(path.join(fixtures, f), 'utf8')).join('\n');
    const document = await ParsedDocument.create(text, 'cpp');
    const cache = new LintCache();
    const inserts = [' ', 'x', '\n', ';', '{', '}', '/*', '*/', '"', '#if 0\n', '#endif\n', '#else\n', 'int h(void) { return 0; }\n', '\\\n'];
    const listed = (refs: readonly { startIndex: number; endIndex: number; guards: string }[]) => refs.map((d) => `${d.startIndex}-${d.endIndex} ${JSON.stringify(d.guards)}`);
    try {
      lintDocument(document, defaultLintOptions, undefined, cache);
      for (const changes of randomUpdates(document, inserts, 200, seededRandom(4242))) {
        lintDocument(document, defaultLintOptions, undefined, cache);
        assert.deepEqual(listed(cache.previous?.definitions ?? []), listed(new TreeCopy(document.tree, document.text).definitions()), `after ${JSON.stringify(changes)}`);
      }
    } finally {
      document.dispose();
    }
  });

  test('the TLS setup selection kept edit by edit equals the one computed afresh', () => {
    // Raw summaries renamed, turned into or out of setup functions, and passing other functions' names as values.
    const random = seededRandom(99);
    const names = ['a', 'b', 'c', 'd', 'e', 'N::f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p'];
    const raw = (name: string, setsUpTls = random(5) === 0): RawSummary => ({
      name, calls: [], drains: false, noReturn: false, shutsDown: false, setsUpTls,
      valueNames: new Set(names.filter(() => random(12) === 0).map((n) => n.split('::').at(-1) ?? n)),
    });
    let raws = names.map((name) => raw(name));
    let selection = SetupSelection.of(raws);
    for (let i = 0; i < 500; i++) {
      const next = [...raws];
      for (let c = 0; c < 1 + random(2); c++) {
        const at = random(next.length);
        const before = next[at];
        // Mostly what a keystroke does: the same function, other identifiers in it.
        next[at] = before && random(4) > 0 ? raw(before.name, before.setsUpTls) : raw(names[random(names.length)] ?? 'a');
      }
      selection = selection.next(raws, next);
      raws = next;
      assert.deepEqual(selection.covered, SetupSelection.of(raws).covered, `step ${i}`);
    }
  });
});

