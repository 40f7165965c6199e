import { allow } from 'graphql-shield';
import { forbidden } from '../errors.js';
import { residentField, STAFF_READERS, type RuleMap } from './kit.js';

// Health data: the health:read scope or a health-capable role (clerk, supervisor), and always a stated purpose.

const health = residentField('health-read', { staff: STAFF_READERS, resident: true, scope: 'health:read' }, (ctx) =>
  ctx.purpose.purpose ? true : forbidden('Health data requires a stated purpose: send X-Purpose', 'purpose'),
);

export const healthRules: RuleMap = {
  Resident: { health },
  HealthProfile: allow,
  FamilyDoctorContract: allow,
  Vaccination: allow,
  ElderlyCheckup: allow,
  ChronicDiseaseEpisode: allow,
};
