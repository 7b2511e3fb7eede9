import type { CliCommand } from './command';

/** Every `openssl-doctor` subcommand, in the order `--help` lists them. */
export const cliCommands: readonly CliCommand[] = [];
