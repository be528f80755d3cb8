/** Cornerstone rejects loads with Errors, or with `{ error }` objects from its loaders: one line for the page. */
export function describeLoadError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'error' in error) return String(error.error);
  return String(error);
}
