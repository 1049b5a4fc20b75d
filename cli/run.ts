import { AppError } from '../errors.ts';

/**
 * Runs a command-line tool's main and exits with the code it returns. A failure prints its
 * message (an AppError's alone, anything else whole) and exits 2 when the database is held
 * by another process (the server) or `usageError` says the user asked for something
 * impossible, else 1.
 */
export function runCli(main: () => Promise<number>, usageError: (err: AppError) => boolean = () => false): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof AppError ? err.message : err);
      process.exit(err instanceof AppError && (err.code === 'database_locked' || usageError(err)) ? 2 : 1);
    },
  );
}
