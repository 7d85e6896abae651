import type { EntityManager } from 'typeorm';
import { readQuery } from '../infra/db.ts';
import type { StageKind } from '../../entities/stage.entity.ts';
import type { RequiredField, StageDef } from './rules/stage-gate.ts';

export interface StageDto {
  id: string;
  name: string;
  winRate: number;
  kind: StageKind;
  requiredFields: RequiredField[];
}

export function parseFields(raw: string | null): RequiredField[] {
  try {
    const v = JSON.parse(raw ?? '[]');
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

/** Every stage in pipeline order (a handful of rows). */
export async function loadStages(em: EntityManager): Promise<StageDef[]> {
  const rows = await readQuery<{ id: number | string; name: string; win_rate: number | string; kind: StageKind; required_fields: string }>(em,
    'SELECT id, name, win_rate, kind, required_fields FROM stages ORDER BY sort_order, id');
  return rows.map((r) => ({ id: Number(r.id), name: r.name, winRate: Number(r.win_rate), kind: r.kind, requiredFields: parseFields(r.required_fields) }));
}

export function toStageDto(s: StageDef): StageDto {
  return { id: String(s.id), name: s.name, winRate: s.winRate, kind: s.kind, requiredFields: s.requiredFields };
}
