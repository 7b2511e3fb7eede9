import { explainText, type LocatedExplanation } from '../core/knowledge/explainText';
import { toPlainText } from '../core/knowledge/render';
import { exitUsage, type CliCommand } from './command';

const usage = `Usage: openssl-doctor explain [--json] TEXT…
       openssl-doctor explain [--json] -          (read a log from standard input)

TEXT is an OpenSSL error code (0A000126, 1408F10B, 0x80000068), a name (SSL_ERROR_SYSCALL,
SSL_R_UNEXPECTED_EOF_WHILE_READING, X509_V_ERR_CERT_HAS_EXPIRED, ECONNRESET, ERR_OSSL_EVP_UNSUPPORTED),
a number, or a whole log line (OpenSSL, curl, git, nginx, Apache, Python, Node, PHP, Ruby, s_client).
Every error found is explained, in order. Exit 0 when something was explained, 1 when nothing was
recognised, 2 on a usage error.`;

/** The JSON item of DESIGN.md: only the contract's fields, in its order. */
function jsonItem(item: LocatedExplanation, occurrences: number) {
  return {
    kind: item.kind, input: item.input, name: item.name, summary: item.summary, causes: item.causes, fixes: item.fixes,
    details: occurrences > 1 ? { ...item.details, occurrences } : item.details,
  };
}

export const explainCommand: CliCommand = {
  name: 'explain',
  summary: 'explain OpenSSL error codes, names and log lines',
  usage,
  async run(args, io) {
    const json = args.includes('--json');
    const unknown = args.find((a) => a.startsWith('--') && a !== '--json');
    if (unknown) {
      io.stderr(`openssl-doctor explain: unknown option ${unknown}\n\n${usage}\n`);
      return exitUsage;
    }
    const texts = args.filter((a) => a !== '--json');
    if (texts.length === 0) {
      io.stderr(`${usage}\n`);
      return exitUsage;
    }
    const inputs = texts.includes('-') ? await Promise.all(texts.map((t) => (t === '-' ? io.readStdin() : Promise.resolve(t)))) : texts;
    const results = inputs.map((text) => explainText(text));
    const items = results.flatMap((r) => r.items.map((item, i) => ({ item, occurrences: r.occurrences[i] ?? 1 })));
    const truncated = results.some((r) => r.truncated);
    if (json) {
      io.stdout(`${JSON.stringify({ version: 1, items: items.map(({ item, occurrences }) => jsonItem(item, occurrences)), truncated }, null, 2)}\n`);
    } else {
      io.stdout(items.length > 0 ? `${items.map(({ item, occurrences }) => toPlainText(item, occurrences)).join('\n\n')}\n` : '');
      if (truncated) io.stderr('openssl-doctor explain: the input was too large; only its beginning was examined.\n');
    }
    if (items.length === 0) {
      io.stderr('openssl-doctor explain: no OpenSSL error, code or known message recognised.\n');
      return 1;
    }
    return 0;
  },
};
