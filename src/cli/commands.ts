import type { CliCommand } from './command';
import { version } from '../../package.json';
import { lintCommand } from './lintCommand';

/** Every `openssl-doctor` subcommand, in the order `--help` lists them. */
export const cliCommands: readonly CliCommand[] = [lintCommand(version)];
