/** Saves text as a file through the browser's download, without any server. */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The click starts the download synchronously; the URL can go once the event has run.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 0);
}
