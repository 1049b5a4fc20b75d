import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The arguments of every command-line program (cli/*.ts, and main.ts for npm start / serve),
 * declared once with the program's usage text. On the ground floor rather than in cli/:
 * main.ts is on the same level as cli/, and one level does not use another (README, Layout).
 *
 * Each program answers the same way: --help (-h) prints the usage on standard output (exit
 * 0); an option it does not know, a string option without its value or an argument it does
 * not take prints node's message and the usage on standard error (exit 2, bad usage), as
 * does a program's own `badUsage()` when something it needs is missing. Messages stay in
 * English: they are for the operator at a terminal, as the programs' other messages are.
 */

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

type Config<O extends Options, P extends boolean> = { args: string[]; options: O & typeof HELP; allowPositionals: P; strict: true };

/** What parseArgs gives for these options: each value typed by its option (a string, a boolean, a list), present when it has a default. */
export type ParsedArgs<O extends Options, P extends boolean> = ReturnType<typeof parseArgs<Config<O, P>>>;

export interface CommandLine<O extends Options, P extends boolean> {
  readonly usage: string;
  /** The arguments, or the code to exit with when they were --help (0) or not understood (2); what to print is printed. */
  parse(argv: readonly string[]): ParsedArgs<O, P> | number;
  /** The usage on standard error, after `message` when there is one; returns 2, the exit code of bad usage. */
  badUsage(message?: string): 2;
}

/**
 * A program's command line: its usage text and its options (--help is added). `positionals`:
 * whether it takes arguments besides its options (files, a sub-command); without, one is bad
 * usage.
 */
export function commandLine<const O extends Options, const P extends boolean = false>(
  usage: string,
  options: O,
  { positionals }: { positionals?: P } = {},
): CommandLine<O, P> {
  const badUsage = (message?: string): 2 => {
    console.error(message === undefined ? usage : `${message}\n\n${usage}`);
    return 2;
  };
  return {
    usage,
    badUsage,
    parse(argv) {
      let parsed: ParsedArgs<O, P>;
      try {
        parsed = parseArgs<Config<O, P>>({ args: [...argv], options: { ...options, ...HELP }, allowPositionals: (positionals ?? false) as P, strict: true });
      } catch (err) {
        // parseArgs throws a TypeError with a code (ERR_PARSE_ARGS_…) for what it does not
        // understand; anything else is a bug, not bad usage
        if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS_')) return badUsage(err.message);
        throw err;
      }
      if ((parsed.values as { help?: boolean }).help) {
        console.log(usage);
        return 0;
      }
      return parsed;
    },
  };
}
