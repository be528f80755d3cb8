/** Resolves after `ms` milliseconds (0: at the next macrotask turn). */
export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
