import { allow } from 'graphql-shield';
import { residentField, STAFF_READERS, type RuleMap } from './kit.js';

export const housingRules: RuleMap = {
  Resident: { housing: residentField('housing-read', { staff: STAFF_READERS, resident: true, scope: 'housing:read' }) },
  HousingProfile: allow,
  PublicRentalApplication: allow,
  HousingSubsidy: allow,
  ProvidentFundAccount: allow,
};
