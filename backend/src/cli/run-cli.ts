import { EvalProtocolError, ModelFormatError } from '../domain/learning/index';
import { ImportFormatError } from '../importers/index';
import { NothingToLearnError } from '../usecases/train-model';
import { commands } from './commands';
import { CliError, EXIT, type CliContext } from './context';

function help(): string {
  const names = Object.keys(commands);
  const width = Math.max(...names.map((n) => n.length));
  return [
    'usage: npm run triage -- <command> [options]',
    '',
    ...Object.entries(commands).map(
      ([name, c]) => `  ${name.padEnd(width)}  ${c.summary}\n  ${' '.repeat(width)}  ${c.usage}`,
    ),
    '',
    'Relative paths resolve against the directory npm was run from.',
    '',
  ].join('\n');
}

function exitCodeOf(error: unknown): { code: number; message: string } {
  if (error instanceof CliError) return { code: error.exitCode, message: error.message };
  if (error instanceof EvalProtocolError) {
    return { code: EXIT.usage, message: error.message };
  }
  if (
    error instanceof ImportFormatError ||
    error instanceof NothingToLearnError ||
    error instanceof ModelFormatError
  ) {
    return { code: EXIT.failure, message: error.message };
  }
  return {
    code: EXIT.failure,
    message: `unexpected error: ${error instanceof Error ? error.message : String(error)}`,
  };
}

/**
 * Runs one CLI invocation (`argv` without node and the script) and resolves to its exit code.
 * Errors become one clear line on stderr; nothing about them is written to stdout.
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? context.stderr : context.stdout)(help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands[name];
  if (!command) {
    context.stderr(`unknown command "${name}"\n\n${help()}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    context.stdout(`usage: ${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, context);
  } catch (error) {
    const { code, message } = exitCodeOf(error);
    context.stderr(`triage ${name}: ${message}\n`);
    if (process.env.TRIAGE_DEBUG && error instanceof Error && error.stack) context.stderr(`${error.stack}\n`);
    return code;
  }
}
