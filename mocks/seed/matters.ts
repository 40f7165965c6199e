// Applications a resident has with a department. Every offset is drawn from the seed and only
// then laid on today's calendar, so which matters are overdue does not depend on the day.
import { addDays, beijingTime, type Day } from './dates.js';
import type { Random } from './random.js';
import { OPEN_STAGES, type MatterStage, type SeedMatter } from './types.js';

export interface MatterKind {
  name: string;
  /** Only residents at least this old (on the seed epoch) apply for it. */
  minAge?: number;
  maxAge?: number;
}

export type Serials = () => number;

export function serials(): Serials {
  let last = 0;
  return () => ++last;
}

const STAGES: readonly (readonly [MatterStage, number])[] = [
  ['submitted', 14], ['in-review', 30], ['needs-supplement', 12], ['public-notice', 6],
  ['approved', 22], ['rejected', 8], ['withdrawn', 8],
];

export function matters(random: Random, kinds: readonly MatterKind[], age: number, today: Day, serial: Serials): SeedMatter[] {
  const eligible = kinds.filter((k) => age >= (k.minAge ?? 0) && age <= (k.maxAge ?? 200));
  if (eligible.length === 0) return [];
  const count = random.weighted([[0, 62], [1, 24], [2, 10], [3, 4]]);
  return Array.from({ length: count }, () => matter(random, random.pick(eligible).name, today, serial()));
}

function matter(random: Random, name: string, today: Day, serial: number): SeedMatter {
  const stage = random.weighted(STAGES);
  const open = OPEN_STAGES.includes(stage);
  const submittedAgo = random.int(2, 60);
  // Closed matters were closed within the last month. Nothing moved later today than "now" could be.
  const updatedAgo = stage === 'submitted' ? submittedAgo : random.int(1, Math.min(submittedAgo - 1, open ? 60 : 30));
  const timeLimit = random.chance(0.12) ? null : random.int(15, 60);
  const dueInDays = timeLimit === null ? null : timeLimit - submittedAgo;
  const submittedAt = beijingTime(addDays(today, -submittedAgo), random.int(8, 16), random.int(0, 59));
  const updatedAt =
    updatedAgo === submittedAgo ? submittedAt : beijingTime(addDays(today, -updatedAgo), random.int(9, 17), random.int(0, 59));
  return {
    serial,
    name,
    stage,
    submittedAt,
    updatedAt,
    dueAt: dueInDays === null ? null : beijingTime(addDays(today, dueInDays), 17, 0),
    dueInDays,
  };
}

export function isOpen(matter: SeedMatter): boolean {
  return OPEN_STAGES.includes(matter.stage);
}

/** Overdue on every day the population is generated: the seed put its due date in the past. */
export function isOverdue(matter: SeedMatter): boolean {
  return isOpen(matter) && matter.dueInDays !== null && matter.dueInDays < 0;
}
