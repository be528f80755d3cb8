/** React bindings of src/core's framework-free pieces. */
export { usePerLesion } from './use-per-lesion';
