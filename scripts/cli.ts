/**
 * Argument parsing shared by the repository's command-line scripts (examples, benchmarks, profiles):
 * Node's `util.parseArgs` in strict mode, plus the two behaviours every CLI here promises —
 * `--help` / `-h` prints the usage and exits 0; an unknown flag, a missing value or a stray positional
 * prints the problem and the usage to stderr and exits 2 (before any work starts).
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** What `parseArgs` returns for `config`. */
export type CliArgs<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/** Exit status for a command-line mistake (the shell convention for misuse, as `ls --bogus` uses). */
export const USAGE_EXIT_CODE = 2;

/**
 * Parses `argv` (default: the process's arguments) strictly against `config.options`, with `--help`/`-h`
 * added. On `--help` prints `usage` to stdout and exits 0; on a parse error prints `<script>: <error>` and
 * `usage` to stderr and exits 2.
 *
 * @example
 * const { values } = parseCli('usage: npm run bench [-- --quick]', { options: { quick: { type: 'boolean' } } });
 * values.quick; // true after `--quick`, undefined otherwise
 */
export function parseCli<T extends ParseArgsConfig>(usage: string, config: T, argv: readonly string[] = process.argv.slice(2)): CliArgs<T> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      ...config,
      args: [...argv],
      strict: true,
      options: { ...config.options, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    // Only parseArgs's own errors (ERR_PARSE_ARGS_*) are usage errors; anything else is a bug to surface.
    if (!(e instanceof Error) || !String((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) throw e;
    process.stderr.write(`${e.message}\n\n${usage.trimEnd()}\n`);
    process.exit(USAGE_EXIT_CODE);
  }
  if (parsed.values.help === true) {
    process.stdout.write(`${usage.trimEnd()}\n`);
    process.exit(0);
  }
  return parsed as CliArgs<T>;
}

/**
 * A string option parsed as an integer of at least `min`, or `fallback` when absent. Exits 2 with the usage,
 * like a parse error, when the value is not such an integer.
 */
export function intOption(usage: string, name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min) {
    process.stderr.write(`option --${name} must be an integer >= ${min}, got '${value}'\n\n${usage.trimEnd()}\n`);
    process.exit(USAGE_EXIT_CODE);
  }
  return n;
}
