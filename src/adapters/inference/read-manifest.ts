/** The model's manifest, read and validated, with a message that says which step failed. */
import { errorMessage } from '../../core/error-message';
import { parseManifest, type ModelManifest } from '../../core/model/manifest';

export async function readManifest(manifestUrl: string, fetchFn: typeof fetch): Promise<ModelManifest> {
  const response = await fetchFn(manifestUrl).catch((error: unknown) => {
    throw new Error(`the model's manifest could not be read (${manifestUrl}: ${errorMessage(error)})`);
  });
  if (!response.ok)
    throw new Error(`the model's manifest is missing (${manifestUrl}: HTTP ${String(response.status)})`);
  return parseManifest(
    await response.json().catch(() => {
      throw new Error(`the model's manifest is not valid JSON (${manifestUrl})`);
    }),
  );
}
