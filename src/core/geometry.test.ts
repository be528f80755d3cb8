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

  it('round-trips through an oblique orientation', () => {
    const angle = 0.3;
    const row = [Math.cos(angle), Math.sin(angle), 0] as const;
    const col = [0, Math.cos(0.2), Math.sin(0.2)] as const;
    const normal = cross(row, col);
    const n = Math.hypot(...normal);
    const oblique: VolumeGeometry = {
      ...axial,
      rowDirection: row,
      // Gram–Schmidt keeps the column direction orthogonal to the row direction.
      columnDirection: (() => {
        const d = row[0] * col[0] + row[1] * col[1] + row[2] * col[2];
        const v = [col[0] - d * row[0], col[1] - d * row[1], col[2] - d * row[2]] as const;
        const len = Math.hypot(...v);
        return [v[0] / len, v[1] / len, v[2] / len] as const;
      })(),
      sliceDirection: [normal[0] / n, normal[1] / n, normal[2] / n],
    };
    const orthoNormal = cross(oblique.rowDirection, oblique.columnDirection);
    const fixed: VolumeGeometry = { ...oblique, sliceDirection: orthoNormal };
    const voxel = voxelIndex(123.5, 77.25, 9);
    const back = patientToVoxel(fixed, voxelToPatient(fixed, voxel));
    back.forEach((v, i) => {
      expect(v).toBeCloseTo(voxel[i] as number, 9);
    });
  });
});
