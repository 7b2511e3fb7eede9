import { exitUsage, type CliCommand, type CliIO } from './command';

function help(commands: readonly CliCommand[]): string {
  const width = Math.max(8, ...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: openssl-doctor <command> [options]',
    '',
    'Commands:',
    ...(lines.length > 0 ? lines : ['  (none yet)']),
    '',
    'Options:',
    '  --help, -h     show this help, or a command\'s help after its name',
    '  --version      print the version',
    '',
  ].join('\n');
}

/** Dispatches argv to a subcommand; returns the exit code (0 ok, 1 findings, 2 usage or I/O error). */
export async function runCli(argv: readonly string[], io: CliIO, commands: readonly CliCommand[], version: string): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(help(commands));
    return name === undefined ? exitUsage : 0;
  }
  if (name === '--version') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`openssl-doctor: unknown command "${name}"\n\n${help(commands)}`);
    return exitUsage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  return command.run(rest, io);
}
