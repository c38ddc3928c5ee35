import { isAbsolute, resolve } from 'node:path';

/** What a command may touch: where relative paths start, and the two output streams. */
export interface CliContext {
  /** Directory relative paths resolve against: where the user ran npm (INIT_CWD), else the cwd. */
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** A command's failure with the exit code to end on; `message` is shown to the user as is. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}

/** Exit codes: 1 for failures of the work itself, 2 for invocations that cannot work as asked. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A CLI command. `run` resolves to the exit code. */
export interface Command {
  summary: string;
  usage: string;
  run(argv: readonly string[], context: CliContext): Promise<number>;
}

/** Resolves a user-supplied path against the directory the user invoked the CLI from. */
export function resolvePath(context: CliContext, path: string): string {
  return isAbsolute(path) ? path : resolve(context.cwd, path);
}
