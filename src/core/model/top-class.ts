/** The class with the highest probability (the first on a tie); undefined without probabilities. */
export function topClass<C>(probabilities: readonly number[], classes: readonly C[]): C | undefined {
  let best = -1;
  probabilities.forEach((p, i) => {
    if (best < 0 || p > (probabilities[best] ?? -Infinity)) best = i;
  });
  return best < 0 ? undefined : classes[best];
}
