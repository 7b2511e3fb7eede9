import type { CliCommand } from './command';
import { probeCommand } from './probeCommand';

/** Every `openssl-doctor` subcommand, in the order `--help` lists them. */
export const cliCommands: readonly CliCommand[] = [
  probeCommand,
];
