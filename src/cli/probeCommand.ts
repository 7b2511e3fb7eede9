import * as fs from 'node:fs/promises';
import { maxProbeTimeoutMs, probeEndpoint } from '../core/probe/probe';
import { proxyFromEnvironment } from '../core/probe/proxy';
import { TargetError, parseTarget } from '../core/probe/target';
import { renderProbeText } from '../core/probe/textReport';
import { exitUsage, splitInlineValue, type CliCommand, type CliIO } from './command';

const usage = `Usage: openssl-doctor probe [--json] [--servername NAME] [--timeout MS] [--ca FILE] [--proxy URL] HOST[:PORT]

Probes a TLS endpoint (DNS, TCP, the first bytes, the handshake, certificates, how the server closes) and
names one root cause with its evidence and fix. PORT defaults to 443; IPv6 literals go in brackets.

Options:
  --json             print the report as JSON
  --servername NAME  SNI name to send (default: HOST when it is a name)
  --timeout MS       total deadline for the whole probe (default 10000)
  --ca FILE          extra trusted CA certificates (PEM), added to the system roots
  --proxy URL        HTTP proxy to CONNECT through (default: HTTPS_PROXY/ALL_PROXY, minus NO_PROXY)

Exit status: 0 ok, 1 warn or fail, 2 usage error.`;

interface ProbeArguments {
  json: boolean;
  servername?: string;
  timeoutMs?: number;
  caFile?: string;
  proxy?: string;
  target?: string;
}

function parseArguments(args: readonly string[]): ProbeArguments | string {
  const parsed: ProbeArguments = { json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] = splitInlineValue(arg);
    const value = (): string | undefined => inline ?? args[++i];
    switch (flag) {
      case '--json': parsed.json = true; break;
      case '--servername': parsed.servername = value(); if (!parsed.servername) return '--servername needs a NAME'; break;
      case '--timeout': {
        const text = value() ?? '';
        if (!/^\d+$/.test(text) || Number(text) < 100 || Number(text) > maxProbeTimeoutMs) return `--timeout needs a number of milliseconds from 100 to ${maxProbeTimeoutMs}`;
        parsed.timeoutMs = Number(text);
        break;
      }
      case '--ca': parsed.caFile = value(); if (!parsed.caFile) return '--ca needs a FILE'; break;
      case '--proxy': parsed.proxy = value(); if (!parsed.proxy) return '--proxy needs a URL'; break;
      default:
        if (flag.startsWith('-')) return `unknown option ${flag}`;
        if (parsed.target !== undefined) return `only one target, got "${parsed.target}" and "${flag}"`;
        parsed.target = flag;
    }
  }
  if (parsed.target === undefined) return 'no target given';
  return parsed;
}

/** `openssl-doctor probe`; `env` supplies the standard proxy variables. */
export function createProbeCommand(env: NodeJS.ProcessEnv): CliCommand {
  return {
    name: 'probe',
    summary: 'diagnose a TLS endpoint: one root cause, its evidence and the fix',
    usage,
    async run(args: readonly string[], io: CliIO): Promise<number> {
      const parsed = parseArguments(args);
      const fail = (message: string): number => {
        io.stderr(`openssl-doctor probe: ${message}\n\n${usage}\n`);
        return exitUsage;
      };
      if (typeof parsed === 'string') return fail(parsed);
      let ca: string | undefined;
      if (parsed.caFile !== undefined) {
        try {
          ca = await fs.readFile(parsed.caFile, 'utf8');
        } catch (error) {
          return fail(`cannot read --ca ${parsed.caFile}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      let proxy = parsed.proxy;
      try {
        const { host, port } = parseTarget(parsed.target ?? '');
        proxy ??= proxyFromEnvironment(env, host, port);
      } catch (error) {
        if (error instanceof TargetError) return fail(error.message);
        throw error;
      }
      const cancel = new AbortController();
      const onInterrupt = (): void => cancel.abort();
      process.once('SIGINT', onInterrupt);
      try {
        const report = await probeEndpoint(parsed.target ?? '', { servername: parsed.servername, timeoutMs: parsed.timeoutMs, ca, proxy, signal: cancel.signal });
        io.stdout(parsed.json ? `${JSON.stringify(report, null, 2)}\n` : renderProbeText(report));
        return report.verdict === 'ok' ? 0 : 1;
      } catch (error) {
        // Only invalid input throws (a malformed proxy URL); network behaviour always ends in a report.
        return fail(error instanceof Error ? error.message : String(error));
      } finally {
        process.removeListener('SIGINT', onInterrupt);
      }
    },
  };
}

export const probeCommand = createProbeCommand(process.env);
