/** The model folder under public/models/ that the app loads (its manifest says the rest). */
export const SHIPPED_MODEL_ID = 'liver-resnet50-v4';
