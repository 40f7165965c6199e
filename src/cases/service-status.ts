import type { GatewayContext } from '../context.js';
import type { CasePartState, ServiceState } from '../generated/graphql.js';
import type { ServiceStatusModel } from '../departments/model.js';
import { endOfDay } from '../departments/time.js';
import { matterByCode } from './catalogue.js';
import { casesOfResident } from './read.js';

const STATE: Record<CasePartState, ServiceState> = {
  AWAITING_DISPATCH: 'SUBMITTED',
  SUBMITTED: 'SUBMITTED',
  IN_REVIEW: 'IN_REVIEW',
  NEEDS_MATERIALS: 'NEEDS_MATERIALS',
  APPROVED: 'APPROVED',
  REJECTED: 'REJECTED',
  DISPATCH_REFUSED: 'REJECTED',
};

/**
 * A resident's one-window cases as service status: one entry per department part, under the acceptance
 * number. Without the database the departments' own matters are still worth showing: logged, left out.
 */
export async function oneWindowMatters(ctx: GatewayContext, idNumber: string): Promise<ServiceStatusModel[]> {
  const cases = await casesOfResident(ctx, idNumber).catch((error: unknown) => {
    ctx.logger.warn({ err: error }, 'one-window cases unavailable; service status shows the departments\' matters only');
    return [];
  });
  return cases.flatMap((c) =>
    c.parts.map((p) => ({
      department: p.department,
      reference: c.acceptanceNumber,
      matter: `${matterByCode(c.matter)?.name ?? c.matter}: ${p.services.join('、')}`,
      status: STATE[p.state],
      statusText: `一窗受理 ${p.state}`,
      submittedAt: c.submittedAt,
      updatedAt: c.history.filter((e) => e.department === p.department).at(-1)?.at ?? c.submittedAt,
      dueAt: endOfDay(p.dueDate),
    })),
  );
}
