import type { CaseModel, CasePartModel } from './model.js';
import { CLOSED_PART_STATES } from './model.js';
import { beijingDate } from './working-days.js';

/** Open after its due date (the due date itself is still in time). */
export const caseOverdue = (c: CaseModel, now: Date) => c.state !== 'COMPLETED' && c.dueDate < beijingDate(now);

export const partOverdue = (p: CasePartModel, now: Date) => !CLOSED_PART_STATES.includes(p.state) && p.dueDate < beijingDate(now);
