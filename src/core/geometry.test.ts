import { describe, expect, it } from 'vitest';
import { cross, patientMm, patientToVoxel, voxelIndex, voxelToPatient, type VolumeGeometry } from './geometry';

const axial: VolumeGeometry = {
  dimensions: [512, 512, 40],
  origin: patientMm(-200, -180, 100),
  rowDirection: [1, 0, 0],
  columnDirection: [0, 1, 0],
  sliceDirection: [0, 0, -1],
  spacing: [0.75, 0.75, 2.5],
};

describe('geometry', () => {
  it('maps voxel centres of an axial volume to patient mm', () => {
    expect(voxelToPatient(axial, voxelIndex(0, 0, 0))).toEqual([-200, -180, 100]);
    expect(voxelToPatient(axial, voxelIndex(10, 20, 4))).toEqual([-192.5, -165, 90]);
  });

  it('round-trips through an oblique (gantry-free, rotated) orientation', () => {
    // Rows rotated 30° about z, columns tilted 20° out of the axial plane, normal orthogonal to both.
    const rowDirection = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6), 0] as const;
    const tilt = Math.PI / 9;
    const columnDirection = [
      -Math.sin(Math.PI / 6) * Math.cos(tilt),
      Math.cos(Math.PI / 6) * Math.cos(tilt),
      Math.sin(tilt),
    ] as const;
    const oblique: VolumeGeometry = {
      ...axial,
      rowDirection,
      columnDirection,
      sliceDirection: cross(rowDirection, columnDirection),
    };
    const voxel = voxelIndex(123.5, 77.25, 9);
    const patient = voxelToPatient(oblique, voxel);
    expect(patient).not.toEqual(voxelToPatient(axial, voxel));
    patientToVoxel(oblique, patient).forEach((v, i) => {
      expect(v).toBeCloseTo(voxel[i] as number, 9);
    });
  });
});
