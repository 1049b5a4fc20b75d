/**
 * The one error type of the service. Everything that should reach a user as a clear
 * message (HTTP response, CLI line) is an AppError; anything else is a bug and is
 * reported as a 500 without internals.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  toJSON(): { error: { code: string; message: string; details?: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(400, code, message, details);

export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(404, code, message, details);

/** A file or response that is not a usable export at all (wrong headers, garbage, empty). */
export const invalidExport = (message: string, details?: Record<string, unknown>) =>
  new AppError(422, 'invalid_export', message, details);

/** Another process holds the DuckDB file: writes must be refused, never attempted. */
export const databaseLocked = (path: string, holder: string) =>
  new AppError(
    409,
    'database_locked',
    `The database ${path} is in use by another process (${holder}). Stop that process (the server owns the database while it runs), or run this command through the server's API.`,
    { path, holder },
  );
