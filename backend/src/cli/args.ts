import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { CliError, EXIT } from './context';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments with `node:util` parseArgs (strict: unknown flags are errors) and
 * then validates the values with `schema`, so every command sees typed, checked input.
 *
 * @throws CliError (usage) naming the bad argument and the command's usage line.
 */
export function parseCommandArgs<S extends z.ZodType>(
  argv: readonly string[],
  options: Options,
  schema: S,
  usage: string,
): z.infer<S> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\nusage: ${usage}`, EXIT.usage, { cause: error });
  }
  const result = schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => (i.path.length ? `--${i.path.join('.')}: ${i.message}` : i.message))
      .join('\n');
    throw new CliError(`${problems}\nusage: ${usage}`, EXIT.usage, { cause: result.error });
  }
  return result.data;
}
