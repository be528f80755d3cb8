import { errorMessage } from '../../core/error-message';
/** Cornerstone rejects loads with Errors, or with `{ error }` objects from its loaders: one line for the page. */
export function describeLoadError(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'error' in error) return String(error.error);
  return errorMessage(error);
}
