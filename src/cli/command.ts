/** Where a CLI command writes; injected so tests can capture output without spawning a process. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
}

/** One `openssl-doctor <name>` subcommand. `run` returns the process exit code. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(args: readonly string[], io: CliIO): Promise<number>;
}

/** Exit code for a usage or I/O error, shared by every subcommand (DESIGN.md). */
export const exitUsage = 2;

/** Splits `--flag=value` into the flag and its inline value; any other argument comes back whole. */
export function splitInlineValue(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq >= 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}
