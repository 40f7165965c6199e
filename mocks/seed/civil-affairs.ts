// What the civil affairs bureau holds: household and marriage registration, social assistance
// (低保, 特困, 高龄津贴, disability subsidies) and applications.
import { addDays, addYears, earlierDay, laterDay, type Day } from './dates.js';
import type { HouseholdMember, SeedHousehold } from './households.js';
import { matters, type MatterKind, type Serials } from './matters.js';
import type { Random } from './random.js';
import type { Assistance, CivilAffairsRecord } from './types.js';

const MATTERS: readonly MatterKind[] = [
  { name: '高龄津贴申请', minAge: 79 },
  { name: '最低生活保障申请', minAge: 18 },
  { name: '临时救助申请', minAge: 18 },
  { name: '特困人员救助供养申请', minAge: 60 },
  { name: '困难残疾人生活补贴申请' },
  { name: '居家养老服务补贴申请', minAge: 60 },
  { name: '婚姻登记档案查询', minAge: 22 },
  { name: '养老机构入住申请', minAge: 65 },
];

export function civilAffairsRecord(
  random: Random,
  member: HouseholdMember,
  household: SeedHousehold,
  today: Day,
  serial: Serials,
): CivilAffairsRecord {
  const head = household.members[0]!;
  return {
    maritalStatus: member.maritalStatus,
    household: {
      householdId: household.householdId,
      headIdNumber: head.identity.idNumber,
      relationToHead: member.relationToHead,
      size: household.members.length,
    },
    assistance: assistance(random, member, household, today),
    marriageRegistrations: member.marriageRegistrations,
    matters: matters(random, MATTERS, member.age, today, serial),
  };
}

function assistance(random: Random, member: HouseholdMember, household: SeedHousehold, today: Day): Assistance[] {
  const { birthDate } = member.identity;
  const granted: Assistance[] = [];
  const since = (daysAgo: number): Day => laterDay(addDays(today, -daysAgo), birthDate);

  if (household.support !== 'none') {
    const status = random.weighted([['ACTIVE', 82], ['SUSPENDED', 8], ['ENDED', 10]] as const);
    const startDate = since(random.int(90, 2900));
    const endedAgo = random.int(10, 80);
    granted.push({
      program: household.support === 'dibao' ? 'DIBAO' : 'TEKUN',
      status,
      // Beijing's 2026 低保 standard is about 1,420 yuan a month; the grant tops income up to it.
      monthlyAmount: household.support === 'dibao' ? random.int(30_000, 142_000) / 100 : random.int(190_000, 230_000) / 100,
      startDate,
      endDate: status === 'ENDED' ? laterDay(addDays(today, -endedAgo), startDate) : null,
    });
  }
  if (member.age >= 80) {
    granted.push({
      program: 'GAOLING',
      status: 'ACTIVE',
      monthlyAmount: member.age >= 90 ? 500 : 100,
      // From the 80th birthday (or the programme's start), never after today.
      startDate: earlierDay(laterDay(addYears(birthDate, 80), '2010-01-01'), today),
      endDate: null,
    });
  }
  if (member.disability !== 'none' && (household.support !== 'none' || random.chance(0.5))) {
    granted.push({ program: 'DISABILITY_LIVING', status: 'ACTIVE', monthlyAmount: 300, startDate: since(random.int(60, 3000)), endDate: null });
  }
  if (member.disability === 'severe') {
    granted.push({ program: 'DISABILITY_CARE', status: 'ACTIVE', monthlyAmount: 200, startDate: since(random.int(60, 3000)), endDate: null });
  }
  return granted;
}
