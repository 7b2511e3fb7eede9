import type { CliCommand } from './command';
import { version } from '../../package.json';
import { explainCommand } from './explainCommand';
import { lintCommand } from './lintCommand';
import { probeCommand } from './probeCommand';

/** Every `openssl-doctor` subcommand, in the order `--help` lists them. */
export const cliCommands: readonly CliCommand[] = [lintCommand(version), explainCommand, probeCommand];
