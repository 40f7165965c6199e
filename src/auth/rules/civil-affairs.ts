import { allow } from 'graphql-shield';
import { residentField, STAFF_READERS, type RuleMap } from './kit.js';

export const civilAffairsRules: RuleMap = {
  Resident: { civilAffairs: residentField('civil-affairs-read', { staff: STAFF_READERS, resident: true, scope: 'civil_affairs:read' }) },
  CivilAffairsProfile: allow,
  Household: allow,
  Assistance: allow,
  MarriageRegistration: allow,
};
