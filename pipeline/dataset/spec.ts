import type { CropSpec } from '../../src/core/roi/crop';

/**
 * The crop the shipped model uses. The HU window spans fat to enhanced vessels (the published
 * setup clipped to about −350…300); bytes are centred by the ImageNet channel means of the
 * Keras ResNet-50 (Caffe-style preprocessing: mean subtraction, no scaling).
 */
export function defaultCropSpec(size: number): CropSpec {
  return {
    inputSize: [size, size],
    contextMargin: 0.5,
    huWindow: [-150, 250],
    mean: [103.939, 116.779, 123.68],
    std: [1, 1, 1],
  };
}
