import type { CliCommand } from './command';
import { explainCommand } from './explainCommand';

/** Every `openssl-doctor` subcommand, in the order `--help` lists them. */
export const cliCommands: readonly CliCommand[] = [explainCommand];
