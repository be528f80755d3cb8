/**
 * Which picture the page shows while a folder is read: the first look (first-look.ts) until the
 * first whole series is listed (listing-preview.ts), which then stays; neither once the listing is
 * over, when the phases take the page. The first look reads a file of its own and may answer late.
 */
export class PreviewSequence<T> {
  private current: T | undefined;
  private seriesShown = false;
  private over = false;

  get shown(): T | undefined {
    return this.current;
  }

  /** Whether the first look is shown now: not after the series preview, nor after the listing. */
  offerFirstLook(preview: T): boolean {
    if (this.over || this.seriesShown) return false;
    this.current = preview;
    return true;
  }

  /** Whether the first whole series is shown now: it replaces the first look, until the listing ends. */
  offerSeries(preview: T): boolean {
    if (this.over) return false;
    this.current = preview;
    this.seriesShown = true;
    return true;
  }

  /** The listing is over: whatever answers from now on is not shown. */
  end(): void {
    this.over = true;
  }
}
