/**
 * A thin layer over a pdf-lib page for the finding's layout: coordinates from the top-left (as
 * the layout is reasoned about; PDF counts from the bottom), and text that is always made
 * encodable and never drawn wider than the room it was given.
 */
import { rgb, type Color, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import { ellipsize, toWinAnsi, wrapText, type MeasureText, type Placement } from '../../core/report/pdf-layout';

export interface Fonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
}

export interface TextStyle {
  readonly size?: number;
  readonly bold?: boolean;
  readonly color?: Color;
  /** Where `x` is: the text's left edge (default), right edge or centre. */
  readonly align?: 'left' | 'right' | 'center';
}

export interface ParagraphStyle extends TextStyle {
  readonly lineHeight?: number;
  readonly maxLines?: number;
}

export const INK = rgb(0.1, 0.1, 0.12);
export const MUTED = rgb(0.38, 0.4, 0.45);
export const RULE = rgb(0.78, 0.8, 0.84);

const DEFAULT_SIZE = 9;

export class Canvas {
  constructor(
    private readonly page: PDFPage,
    private readonly fonts: Fonts,
  ) {}

  get width(): number {
    return this.page.getWidth();
  }

  get height(): number {
    return this.page.getHeight();
  }

  private font(style: TextStyle): PDFFont {
    return style.bold === true ? this.fonts.bold : this.fonts.regular;
  }

  /** Measures with the font the text will be drawn in: wrapping on estimates would overflow. */
  measure(style: TextStyle = {}): MeasureText {
    const font = this.font(style);
    const size = style.size ?? DEFAULT_SIZE;
    return (text) => font.widthOfTextAtSize(text, size);
  }

  /** Height of a line of text's top above its baseline (the font's ascent). */
  private ascent(style: TextStyle): number {
    return this.font(style).heightAtSize(style.size ?? DEFAULT_SIZE, { descender: false });
  }

  /**
   * One line whose top is at `top`, cut with an ellipsis if wider than `maxWidth`.
   * Returns the width drawn.
   */
  text(text: string, x: number, top: number, maxWidth: number, style: TextStyle = {}): number {
    const line = ellipsize(toWinAnsi(text), maxWidth, this.measure(style));
    if (line === '') return 0;
    const width = this.measure(style)(line);
    const left = style.align === 'right' ? x - width : style.align === 'center' ? x - width / 2 : x;
    this.page.drawText(line, {
      x: left,
      y: this.height - top - this.ascent(style),
      size: style.size ?? DEFAULT_SIZE,
      font: this.font(style),
      color: style.color ?? INK,
    });
    return width;
  }

  /** The lines `text` wraps to in `width`, as `paragraph` would draw them. */
  lines(text: string, width: number, style: ParagraphStyle = {}): string[] {
    return wrapText(toWinAnsi(text), width, this.measure(style), style.maxLines);
  }

  /** `text` wrapped to `width` from `top` down. Returns the height used. */
  paragraph(text: string, x: number, top: number, width: number, style: ParagraphStyle = {}): number {
    const lineHeight = style.lineHeight ?? (style.size ?? DEFAULT_SIZE) * 1.25;
    const lines = this.lines(text, width, style);
    lines.forEach((line, i) => {
      this.text(line, x, top + i * lineHeight, width, style);
    });
    return lines.length * lineHeight;
  }

  rect(
    x: number,
    top: number,
    width: number,
    height: number,
    style: { fill?: Color; border?: Color; borderWidth?: number },
  ): void {
    this.page.drawRectangle({
      x,
      y: this.height - top - height,
      width,
      height,
      ...(style.fill === undefined ? {} : { color: style.fill }),
      ...(style.border === undefined ? {} : { borderColor: style.border, borderWidth: style.borderWidth ?? 0.75 }),
    });
  }

  line(
    x0: number,
    top0: number,
    x1: number,
    top1: number,
    style: { color?: Color; thickness?: number; dash?: number[] } = {},
  ): void {
    this.page.drawLine({
      start: { x: x0, y: this.height - top0 },
      end: { x: x1, y: this.height - top1 },
      thickness: style.thickness ?? 0.75,
      color: style.color ?? RULE,
      ...(style.dash === undefined ? {} : { dashArray: style.dash }),
    });
  }

  circle(x: number, top: number, radius: number, style: { fill?: Color; border?: Color }): void {
    this.page.drawCircle({
      x,
      y: this.height - top,
      size: radius,
      ...(style.fill === undefined ? {} : { color: style.fill }),
      ...(style.border === undefined ? {} : { borderColor: style.border, borderWidth: 0.75 }),
    });
  }

  /** A section title with a rule under it. Returns the height used. */
  heading(text: string, x: number, top: number, width: number): number {
    this.text(text, x, top, width, { size: 10, bold: true });
    this.line(x, top + 13, x + width, top + 13);
    return 18;
  }

  /** `image` drawn into `place`, whose `y` is its top. */
  image(image: PDFImage, place: Placement): void {
    this.page.drawImage(image, {
      x: place.x,
      y: this.height - place.y - place.height,
      width: place.width,
      height: place.height,
    });
  }
}
