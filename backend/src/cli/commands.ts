import { auditCommand } from './audit-command';
import type { Command } from './context';
import { evalCommand } from './eval-command';
import { importCommand } from './import-command';
import { packetCommand } from './packet-command';
import { trainCommand } from './train-command';

/**
 * Every CLI command by name. `packet` lives in its own file (`packet-command.ts`) so the packet
 * pipeline can be wired there without touching the others.
 */
export const commands: Readonly<Record<string, Command>> = {
  import: importCommand,
  train: trainCommand,
  packet: packetCommand,
  eval: evalCommand,
  audit: auditCommand,
};
