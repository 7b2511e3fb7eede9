import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LintCache, lintDocument, lintText } from '../../../src/core/analysis/lint';
import { languageFor, ParsedDocument } from '../../../src/core/analysis/parser';
import { parseLintOptions, type LintOptions } from '../../../src/core/analysis/options';
import { fixtureOptions, fixturesDir, listFixtures } from './fixtureHarness';
import type { Finding, Rule } from '../../../src/core/analysis/rule';
import { allRules } from '../../../src/core/analysis/rules';
import { tlsClientVerifyNone } from '../../../src/core/analysis/rules/c1TlsClientVerifyNone';

// The C/D rules read other functions (verify callbacks, wrappers, how a shared SSL_CTX is set up): findings the
// engine keeps for an unchanged function must still equal those of a fresh lint after an edit elsewhere.

const client = `#include <openssl/ssl.h>
#include <openssl/err.h>
static void drain(void) { }
static void report_failure(void) { drain(); }
static int verify_cb(int ok, X509_STORE_CTX *store) { return ok; }
SSL_CTX *make_ctx(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verify_cb);
    SSL_CTX_set_default_verify_paths(ctx);
    return ctx;
}
static void bind_identity(SSL *ssl, const char *host)
{
    SSL_set_tlsext_host_name(ssl, host);
    SSL_set1_host(ssl, host);
}
SSL *connect_to(int fd, const char *host)
{
    SSL_CTX *ctx = make_ctx();
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    bind_identity(ssl, host);
    if (SSL_connect(ssl) != 1) {
        report_failure();
        SSL_free(ssl);
        return NULL;
    }
    return ssl;
}
`;

interface Edit { readonly find: string; readonly replace: string }

/** Lints `text` with a cache, applies each edit as the editor would, and checks every lint against a fresh one. */
async function lintThroughEdits(text: string, edits: readonly Edit[], fileName = 'x.c', options: LintOptions = parseLintOptions({})): Promise<string[][]> {
  // Everything a finding points at, so a kept finding whose related location or fix moved is caught too.
  const ids = (findings: readonly Finding[]) => findings.map((f) => `${f.ruleId}@${f.start}`);
  const details = (findings: readonly Finding[]) => findings.map((f) => JSON.stringify([f.ruleId, f.start, f.end, f.message, f.related, f.fixes]));
  const document = await ParsedDocument.create(text, languageFor(fileName, text));
  const cache = new LintCache();
  const rounds: string[][] = [];
  try {
    for (const edit of [undefined, ...edits]) {
      if (edit) {
        const at = document.text.indexOf(edit.find);
        assert.ok(at >= 0, edit.find);
        document.update([{ startOffset: at, oldEndOffset: at + edit.find.length, newText: edit.replace }]);
      }
      // As the editor lints: memos, summaries and file facts of unchanged functions carried over, kept findings reused.
      const incremental = lintDocument(document, options, undefined, cache).findings;
      assert.deepEqual(details(incremental), details((await lintText(document.text, fileName, options)).findings), `after ${edit ? `"${edit.find}" → "${edit.replace}"` : 'the first lint'}`);
      rounds.push(ids(incremental));
    }
  } finally {
    document.dispose();
  }
  return rounds;
}

const rulesAt = (round: readonly string[] | undefined) => (round ?? []).map((f) => f.split('@')[0]);

suite('C/D findings with the lint cache', () => {
  test('a verify callback edited in its own function updates C2 in the function that installs it', async () => {
    const [before, accepting, restored] = await lintThroughEdits(client, [
      { find: 'return ok; }', replace: 'return 1; }' },
      { find: 'return 1; }', replace: 'return ok; }' },
    ]);
    assert.ok(!rulesAt(before).includes('C2'), before?.join());
    assert.ok(rulesAt(accepting).includes('C2'), accepting?.join());
    assert.deepEqual(restored, before);
  });

  test('a kept C2 finding points at its callback after an edit between the two functions moved them apart', async () => {
    const apart = client.replace('SSL_CTX *make_ctx(void)', 'static int unrelated(int x) { return x; }\nSSL_CTX *make_ctx(void)');
    const [accepting, moved] = await lintThroughEdits(apart.replace('return ok; }', 'return 1; }'), [{ find: 'return x; }', replace: 'return x + 1; }' }]);
    assert.ok(rulesAt(accepting).includes('C2'), accepting?.join());
    assert.ok(rulesAt(moved).includes('C2'), moved?.join());
  });

  test('a wrapper that stops setting the host name updates C6 and C8 in its caller', async () => {
    const [before, noHost, noSni] = await lintThroughEdits(client, [
      { find: '    SSL_set1_host(ssl, host);\n', replace: '' },
      { find: '    SSL_set_tlsext_host_name(ssl, host);\n', replace: '' },
    ]);
    assert.ok(!rulesAt(before).includes('C6') && !rulesAt(before).includes('C8'), before?.join());
    assert.ok(rulesAt(noHost).includes('C6'), noHost?.join());
    assert.ok(rulesAt(noSni).includes('C8'), noSni?.join());
  });

  test('a version guard around a whole function, edited outside it, updates D1 in it', async () => {
    // The function's own text does not change, only the #if around it (what versionGuards read through ancestors).
    // Another pre-1.1.0 guard keeps the file-wide fact "supports OpenSSL before 3" the same through the edits.
    const guarded = `#include <openssl/ssl.h>
#if OPENSSL_VERSION_NUMBER < 0x10100000L
#define HAVE_OLD_API 1
#endif
int unrelated(void) { return 0; }
#if OPENSSL_VERSION_NUMBER < 0x10100000L
SSL_CTX *legacy(void)
{
    return SSL_CTX_new(SSLv23_client_method());
}
#endif
`;
    const [before, modern, restored] = await lintThroughEdits(guarded, [
      { find: '< 0x10100000L\nSSL_CTX', replace: '>= 0x10100000L\nSSL_CTX' },
      { find: '>= 0x10100000L\nSSL_CTX', replace: '< 0x10100000L\nSSL_CTX' },
    ]);
    assert.ok(!rulesAt(before).includes('D1'), before?.join());
    assert.ok(rulesAt(modern).includes('D1'), modern?.join());
    assert.deepEqual(restored, before);
  });

  test('a function re-analysed alone still sees the TLS setup of the functions whose findings were kept', async () => {
    // drain() is no TLS code, but it changes what report_failure() does for connect_to()'s error-queue rules, so
    // connect_to() is analysed again while bind_identity() and make_ctx() are not.
    const [before, clearing] = await lintThroughEdits(client, [{ find: 'static void drain(void) { }', replace: 'static void drain(void) { ERR_clear_error(); }' }]);
    assert.deepEqual(rulesAt(clearing), rulesAt(before));
    assert.ok(!rulesAt(clearing).some((id) => ['C1', 'C6', 'C8', 'C9'].includes(id ?? '')), clearing?.join());
  });

  test('a thread start removed from another function updates D3 in the thread entry function', async () => {
    const threads = `#include <openssl/ssl.h>
#include <pthread.h>
static SSL_CTX *shared_ctx;
static void *reload_worker(void *arg)
{
    SSL_CTX_use_certificate_chain_file(shared_ctx, "server.pem");
    return arg;
}
static void *idle(void *arg) { return arg; }
void start(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, reload_worker, NULL);
    pthread_create(&b, NULL, idle, NULL);
}
`;
    const [started, notStarted] = await lintThroughEdits(threads, [{ find: '    pthread_create(&a, NULL, reload_worker, NULL);\n', replace: '' }]);
    assert.ok(rulesAt(started).includes('D3'), started?.join());
    assert.ok(!rulesAt(notStarted).includes('D3'), notStarted?.join());
  });

  test('a trust store filled in a helper updates C9 in the function that asks for verification', async () => {
    const store = `#include <openssl/ssl.h>
static void add_ca(X509_STORE *store, X509 *ca)
{
    X509_STORE_add_cert(store, ca);
}
SSL_CTX *make_ctx(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    return ctx;
}
`;
    const [anchored, none] = await lintThroughEdits(store, [{ find: '    X509_STORE_add_cert(store, ca);\n', replace: '' }]);
    assert.ok(!rulesAt(anchored).includes('C9'), anchored?.join());
    assert.ok(rulesAt(none).includes('C9'), none?.join());
  });

  test('the colon that completes the first directive of a file makes it count, and deleting it undoes that', async () => {
    const permissive = client.replace('SSL_VERIFY_PEER, verify_cb', 'SSL_VERIFY_NONE, NULL')
      .replace('SSL_CTX *make_ctx(void)', '// openssl-doctor insecure-by-design test client\nSSL_CTX *make_ctx(void)');
    const [before, directed, removed] = await lintThroughEdits(permissive, [
      { find: 'openssl-doctor insecure', replace: 'openssl-doctor: insecure' },
      { find: 'openssl-doctor: insecure', replace: 'openssl-doctor insecure' },
    ]);
    assert.ok(rulesAt(before).includes('C1'), before?.join());
    assert.ok(!rulesAt(directed).includes('C1'), directed?.join());
    assert.deepEqual(removed, before);
  });

  test('a directive comment above a function is part of what its kept findings depend on', async () => {
    const permissive = client.replace('SSL_VERIFY_PEER, verify_cb', 'SSL_VERIFY_NONE, NULL');
    const [before, directed, removed] = await lintThroughEdits(`// openssl-doctor: private-ca peers carry no host names\n${permissive}`, [
      { find: 'SSL_CTX *make_ctx(void)', replace: '// openssl-doctor: insecure-by-design test client\nSSL_CTX *make_ctx(void)' },
      { find: '// openssl-doctor: insecure-by-design test client\n', replace: '' },
    ]);
    assert.ok(rulesAt(before).includes('C1'), before?.join());
    assert.ok(!rulesAt(directed).includes('C1'), directed?.join());
    assert.deepEqual(rulesAt(removed), rulesAt(before));
  });

  test('a C3 finding in a function that only runs the handshake and the I/O follows edits to the setup elsewhere', async () => {
    // talk() configures nothing: its SSL comes from open_conn(), its verify mode from make_ctx(), and the file's
    // only verify-result check is in check_peer(), which talk() does not call.
    const split = `#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
static SSL_CTX *shared;
static void make_ctx(void)
{
    shared = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(shared, SSL_VERIFY_NONE, NULL);
}
static SSL *open_conn(int fd)
{
    SSL *ssl = SSL_new(shared);
    SSL_set_fd(ssl, fd);
    return ssl;
}
int check_peer(SSL *ssl)
{
    return SSL_get_verify_result(ssl) == X509_V_OK;
}
int talk(SSL *ssl)
{
    int rc = SSL_connect(ssl);
    if (rc != 1)
        return SSL_get_error(ssl, rc);
    rc = SSL_write(ssl, "ping", 4);
    return rc > 0 ? 0 : SSL_get_error(ssl, rc);
}
`;
    const [before, peer, restored, typed] = await lintThroughEdits(split, [
      { find: 'SSL_VERIFY_NONE', replace: 'SSL_VERIFY_PEER' },
      { find: 'SSL_VERIFY_PEER', replace: 'SSL_VERIFY_NONE' },
      { find: '    SSL_set_fd(ssl, fd);\n', replace: '    SSL_set_fd(ssl, fd);\n    SSL_set_tlsext_host_name(ssl, "example.com");\n' },
    ]);
    assert.ok(rulesAt(before).includes('C3'), before?.join());
    assert.ok(!rulesAt(peer).includes('C3'), peer?.join());
    assert.deepEqual(restored, before);
    assert.ok(rulesAt(typed).includes('C3'), typed?.join());
  });

  test('a client role set only by SSL_set_connect_state in a function without a setup call follows edits', async () => {
    // The SSL is a global: its role comes from what the file does to it as a whole. SSL_set_connect_state is
    // make_client()'s only TLS call: it must count as setup, or neither a fresh lint nor the cache sees the role.
    const global = `#include <openssl/ssl.h>
static SSL *conn;
static int other(int x) { return x; }
void make_client(void)
{
    SSL_set_connect_state(conn);
}
int handshake(void)
{
    SSL_set_verify(conn, SSL_VERIFY_NONE, NULL);
    int rc = SSL_do_handshake(conn);
    return rc == 1 ? 0 : SSL_get_error(conn, rc);
}
`;
    const [client, unknown, restored, typedElsewhere] = await lintThroughEdits(global, [
      { find: '    SSL_set_connect_state(conn);\n', replace: '' },
      { find: 'void make_client(void)\n{\n', replace: 'void make_client(void)\n{\n    SSL_set_connect_state(conn);\n' },
      { find: 'return x; }', replace: 'return x + 1; }' },
    ]);
    assert.ok(rulesAt(client).includes('C1'), client?.join());
    assert.ok(!rulesAt(unknown).includes('C1'), unknown?.join());
    assert.deepEqual(restored, client);
    assert.deepEqual(rulesAt(typedElsewhere), rulesAt(client));
  });

  test('a global context configured through a wrapper called in another function follows edits of that call', async () => {
    // check_peer() reads the verify mode of g_ctx, which init() sets through configure(): a wrapper call in a
    // function check_peer() does not call.
    const wrapped = `#include <openssl/ssl.h>
static SSL_CTX *g_ctx;
static SSL *g_ssl;
static void configure(int depth, SSL_CTX *c)
{
    SSL_CTX_set_verify_depth(c, depth);
    SSL_CTX_set_verify(c, SSL_VERIFY_PEER, NULL);
}
void init(void)
{
    g_ctx = SSL_CTX_new(TLS_client_method());
    configure(4, g_ctx);
}
int check_peer(void)
{
    g_ssl = SSL_new(g_ctx);
    if (SSL_get_verify_result(g_ssl) == X509_V_OK)
        return 1;
    return 0;
}
`;
    const [peer, unset, restored] = await lintThroughEdits(wrapped, [
      { find: 'configure(4, g_ctx);', replace: 'configure(4, NULL);' },
      { find: 'configure(4, NULL);', replace: 'configure(4, g_ctx);' },
    ]);
    assert.ok(!rulesAt(peer).includes('C4'), peer?.join());
    assert.ok(rulesAt(unset).includes('C4'), unset?.join());
    assert.deepEqual(restored, peer);
  });

  test('an SSL a field holds, made by SSL_new in another function, follows edits of that call', async () => {
    // verify() learns which context conn->ssl was made from by the SSL_new in open_conn(); until open_conn() stores
    // its SSL there, it takes the file's client contexts (peer_ctx).
    const field = `#include <openssl/ssl.h>
struct conn { SSL *ssl, *spare; };
static SSL_CTX *peer_ctx, *lax_ctx;
void setup(void)
{
    peer_ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(peer_ctx, SSL_VERIFY_PEER, NULL);
    lax_ctx = SSL_CTX_new(TLS_client_method());
}
void open_conn(struct conn *c)
{
    c->spare = SSL_new(lax_ctx);
}
int verify(struct conn *c)
{
    if (SSL_get_verify_result(c->ssl) == X509_V_OK)
        return 1;
    return 0;
}
`;
    const [peer, lax, restored] = await lintThroughEdits(field, [
      { find: 'c->spare = SSL_new(lax_ctx);', replace: 'c->ssl = SSL_new(lax_ctx);' },
      { find: 'c->ssl = SSL_new(lax_ctx);', replace: 'c->spare = SSL_new(lax_ctx);' },
    ]);
    assert.ok(!rulesAt(peer).includes('C4'), peer?.join());
    assert.ok(rulesAt(lax).includes('C4'), lax?.join());
    assert.deepEqual(restored, peer);
  });

  test('functions that read the same context role both follow an edit of the wrapper that creates the context', async () => {
    // Neither check_a() nor check_b() sees where its SSL comes from, so both take the verify mode of the file's client
    // contexts: the one configure() makes with make_ctx(). The role of that context is worked out once per lint.
    const shared = `#include <openssl/ssl.h>
static SSL_CTX *make_ctx(void)
{
    return SSL_CTX_new(TLS_client_method());
}
void configure(void)
{
    SSL_CTX *ctx = make_ctx();
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
}
int check_a(SSL *ssl)
{
    if (SSL_get_verify_result(ssl) == X509_V_OK)
        return 1;
    return 0;
}
int check_b(SSL *ssl)
{
    if (SSL_get_verify_result(ssl) == X509_V_OK)
        return 1;
    return 0;
}
`;
    const [client, server, restored] = await lintThroughEdits(shared, [
      { find: 'SSL_CTX_new(TLS_client_method())', replace: 'SSL_CTX_new(TLS_server_method())' },
      { find: 'SSL_CTX_new(TLS_server_method())', replace: 'SSL_CTX_new(TLS_client_method())' },
    ]);
    assert.equal(rulesAt(client).filter((id) => id === 'C4').length, 0, client?.join());
    assert.equal(rulesAt(server).filter((id) => id === 'C4').length, 2, server?.join());
    assert.deepEqual(restored, client);
  });

  test('a caller that hands its SSL to a function the file comes to define follows that definition (C8)', async () => {
    // do_connect() gets its SSL from run(), which hands it to prepare() first: code out of sight that may set SNI,
    // until the file defines prepare() itself.
    const callers = `#include <openssl/ssl.h>
void prepare(SSL *s);
static int do_connect(SSL *ssl)
{
    return SSL_connect(ssl);
}
int run(SSL_CTX *ctx, int fd)
{
    SSL *s = SSL_new(ctx);
    SSL_set_fd(s, fd);
    prepare(s);
    return do_connect(s);
}
`;
    const [unseen, defined, restored] = await lintThroughEdits(callers, [
      { find: 'void prepare(SSL *s);', replace: 'void prepare(SSL *s) { (void)s; }' },
      { find: 'void prepare(SSL *s) { (void)s; }', replace: 'void prepare(SSL *s);' },
    ]);
    assert.ok(!rulesAt(unseen).includes('C8'), unseen?.join());
    assert.ok(rulesAt(defined).includes('C8'), defined?.join());
    assert.deepEqual(restored, unseen);
  });

  test('a handshake whose side only the file as a whole tells follows an edit of the method elsewhere (C8)', async () => {
    // Nothing says whether hs()'s SSL is a client's but the file's only method, in make_ctx().
    const side = `#include <openssl/ssl.h>
SSL_CTX *make_ctx(void)
{
    return SSL_CTX_new(TLS_client_method());
}
static int hs(SSL *ssl)
{
    return SSL_do_handshake(ssl);
}
int run(SSL_CTX *ctx)
{
    SSL *s = SSL_new(ctx);
    return hs(s);
}
`;
    const [client, server, restored] = await lintThroughEdits(side, [
      { find: 'TLS_client_method()', replace: 'TLS_server_method()' },
      { find: 'TLS_server_method()', replace: 'TLS_client_method()' },
    ]);
    assert.ok(rulesAt(client).includes('C8'), client?.join());
    assert.ok(!rulesAt(server).includes('C8'), server?.join());
    assert.deepEqual(restored, client);
  });

  test('a mention of the SNI call in another function, read as text, follows edits there (C8)', async () => {
    // The file says (in note()) that code out of sight sets SNI on the global SSL: hs() is not reported until the
    // mention goes.
    const mention = `#include <openssl/ssl.h>
static SSL *g_ssl;
void init(SSL_CTX *c)
{
    g_ssl = SSL_new(c);
}
int hs(void)
{
    return SSL_connect(g_ssl);
}
void note(void)
{
    /* SSL_set_tlsext_host_name() is called by the embedding code */
}
`;
    const [mentioned, gone, restored] = await lintThroughEdits(mention, [
      { find: 'SSL_set_tlsext_host_name() is called', replace: 'the server name is set' },
      { find: 'the server name is set', replace: 'SSL_set_tlsext_host_name() is called' },
    ]);
    assert.ok(!rulesAt(mentioned).includes('C8'), mentioned?.join());
    assert.ok(rulesAt(gone).includes('C8'), gone?.join());
    assert.deepEqual(restored, mentioned);
  });

  test('an SSL made in a constructor initializer list follows edits of the constructor (C8, C++)', async () => {
    const member = `#include <openssl/ssl.h>
class Conn {
    SSL *ssl_;
public:
    explicit Conn(SSL_CTX *c);
    int hs();
};
Conn::Conn(SSL_CTX *c) : ssl_(SSL_new(c)) {}
int Conn::hs()
{
    return SSL_connect(ssl_);
}
`;
    const [made, elsewhere, restored] = await lintThroughEdits(member, [
      { find: 'ssl_(SSL_new(c))', replace: 'ssl_(nullptr)' },
      { find: 'ssl_(nullptr)', replace: 'ssl_(SSL_new(c))' },
    ], 'x.cpp');
    assert.ok(rulesAt(made).includes('C8'), made?.join());
    assert.ok(!rulesAt(elsewhere).includes('C8'), elsewhere?.join());
    assert.deepEqual(restored, made);
  });

  test('in a file whose functions look up many objects, each still finds the calls on its own', async () => {
    // Seventy connections, each checked in its own function and configured through a wrapper in init(): past a few
    // dozen lookups in one lint, the TLS setup merges the functions' indexes.
    const count = 70;
    const file = (configured: boolean) => [
      '#include <openssl/ssl.h>',
      ...Array.from({ length: count }, (_, i) => `static SSL_CTX *ctx_${i};\nstatic SSL *ssl_${i};`),
      'static void configure(int depth, SSL_CTX *c)\n{\n    SSL_CTX_set_verify_depth(c, depth);\n    SSL_CTX_set_verify(c, SSL_VERIFY_PEER, NULL);\n}',
      'void init(void)\n{',
      ...Array.from({ length: count }, (_, i) => `    ctx_${i} = SSL_CTX_new(TLS_client_method());${configured ? `\n    configure(4, ctx_${i});` : ''}`),
      '}',
      ...Array.from({ length: count }, (_, i) => `int check_${i}(void)\n{\n    ssl_${i} = SSL_new(ctx_${i});\n    if (SSL_get_verify_result(ssl_${i}) == X509_V_OK)\n        return 1;\n    return 0;\n}`),
    ].join('\n');
    const c4 = async (text: string) => (await lintText(text, 'x.c')).findings.filter((f) => f.ruleId === 'C4').length;
    assert.equal(await c4(file(true)), 0);
    assert.equal(await c4(file(false)), count);
  });

  test('an edit re-checks the C/D rules in the edited setup function and those that read it; white space, in no other', async () => {
    const text = `#include <openssl/ssl.h>
static SSL_CTX *g_ctx;
void init(void)
{
    g_ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(g_ctx, SSL_VERIFY_PEER, NULL);
}
int use_global(void)
{
    SSL *s = SSL_new(g_ctx);
    return SSL_connect(s);
}
int local_a(int fd)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *s = SSL_new(ctx);
    SSL_set_fd(s, fd);
    return SSL_connect(s);
}
int local_b(int fd)
{
    SSL_CTX *c = SSL_CTX_new(TLS_client_method());
    SSL *t = SSL_new(c);
    SSL_set_fd(t, fd);
    return SSL_connect(t);
}
`;
    // A C/D rule that only notes which functions it is run for (next to the real ones, whose observations count).
    let analysed: string[] = [];
    const spy: Rule = { ...tlsClientVerifyNone, meta: { ...tlsClientVerifyNone.meta, id: 'spy' }, check: (file) => { analysed.push(...file.analysedSetupFunctions().map((m) => m.name)); } };
    const document = await ParsedDocument.create(text, 'c');
    const cache = new LintCache();
    const lint = () => {
      analysed = [];
      lintDocument(document, parseLintOptions({}), [...allRules, spy], cache);
      return analysed;
    };
    const edit = (find: string, replace: string) => {
      const at = document.text.indexOf(find);
      assert.ok(at >= 0, find);
      document.update([{ startOffset: at, oldEndOffset: at + find.length, newText: replace }]);
      return lint();
    };
    try {
      assert.deepEqual(lint(), ['init', 'use_global', 'local_a', 'local_b']);
      assert.deepEqual(edit('SSL_set_fd(s, fd)', 'SSL_set_fd(s, 3)'), ['local_a']);
      assert.deepEqual(edit('SSL_VERIFY_PEER', 'SSL_VERIFY_NONE'), ['init', 'use_global']);
      assert.deepEqual(edit('SSL_CTX_set_verify(g_ctx,', 'SSL_CTX_set_verify( g_ctx,'), ['init']);
    } finally {
      document.dispose();
    }
  });

  test('a helper that stops fetching the peer certificate updates C4 in the function that relies on it', async () => {
    const helper = `#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
struct link { SSL *tls; };
static int inspect_server(struct link *l)
{
    X509 *cert = SSL_get1_peer_certificate(l->tls);
    X509_free(cert);
    return cert != NULL ? 0 : -1;
}
int accept_link(struct link *l)
{
    if (SSL_get_verify_result(l->tls) != X509_V_OK)
        return -1;
    return inspect_server(l);
}
`;
    const [required, dropped, restored] = await lintThroughEdits(helper, [
      { find: 'SSL_get1_peer_certificate(l->tls)', replace: 'NULL' },
      { find: 'X509 *cert = NULL', replace: 'X509 *cert = SSL_get1_peer_certificate(l->tls)' },
    ]);
    assert.ok(!rulesAt(required).includes('C4'), required?.join());
    assert.ok(rulesAt(dropped).includes('C4'), dropped?.join());
    assert.deepEqual(restored, required);
  });

  // Every rule fixture (the A/B rules share the cache), edited at evenly spread places (a line break typed and deleted, a character deleted and typed again): each
  // incremental lint must equal a fresh one, related locations, fixes and messages included.
  for (const file of listFixtures()) {
    test(`${path.relative(fixturesDir, file)}: incremental lints equal fresh ones through edits`, async () => {
      const text = fs.readFileSync(file, 'utf8');
      const edits: Edit[] = [];
      for (let k = 1; k <= 4; k++) {
        const at = text.indexOf(';', Math.floor((text.length * k) / 5));
        if (at < 0) continue;
        const around = text.slice(at - 12, at + 1);
        edits.push({ find: around, replace: `${around} \n` }, { find: `${around} \n`, replace: around }, { find: around, replace: around.slice(1) }, { find: around.slice(1), replace: around });
      }
      await lintThroughEdits(text, edits, file, fixtureOptions(text));
    });
  }
});
