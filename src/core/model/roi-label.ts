/**
 * What each lesion's ROI says on the image: its id, and once classified a short answer, so the
 * outline and its row are read together. The selected lesion's ROI is drawn so it stands out.
 */
import type { Answer } from './reading';

export interface RoiLabel {
  readonly text: string;
  readonly selected: boolean;
}

/** The answer in a word or two, short enough not to crowd a small lesion. */
function shortAnswer(answer: Answer): string {
  if (answer.kind === 'lesion') return answer.predicted;
  switch (answer.reason) {
    case 'no-lesion':
      return 'no lesion';
    case 'uncertain':
      return 'uncertain';
    case 'out-of-distribution':
      return 'outside training';
  }
}

/** One label per lesion id: "L1", or "L1 · HCC" once the page has an answer for its current ROIs. */
export function roiLabels(
  lesionIds: readonly string[],
  answers: ReadonlyMap<string, Answer>,
  selected: string | null,
): Map<string, RoiLabel> {
  return new Map(
    lesionIds.map((id) => {
      const answer = answers.get(id);
      return [id, { text: answer === undefined ? id : `${id} · ${shortAnswer(answer)}`, selected: id === selected }];
    }),
  );
}
