/** The text of anything thrown, for a message to the user or a reply from a worker. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
