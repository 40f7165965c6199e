// What the housing bureau holds: public rental housing (公租房) applications, rent subsidies,
// the housing provident fund (公积金) and applications. Only adults have records here.
import { addDays, laterDay, type Day } from './dates.js';
import type { HouseholdMember, SeedHousehold } from './households.js';
import { matters, type MatterKind, type Serials } from './matters.js';
import type { Random } from './random.js';
import type { HousingRecord, HousingSubsidy, ProvidentFund, RentalApplication } from './types.js';

const MATTERS: readonly MatterKind[] = [
  { name: '公租房配租申请' },
  { name: '公租房资格申请' },
  { name: '公租房资格年审' },
  { name: '市场租房补贴申请' },
  { name: '住房公积金提取', maxAge: 75 },
  { name: '住房公积金贷款申请', maxAge: 60 },
  { name: '老旧小区加装电梯申请' },
];

const EMPLOYER_NAMES = ['华信', '中科', '京能', '博远', '合众', '鼎盛', '新源', '汇通', '恒达', '天成'];
const EMPLOYER_TRADES = ['科技', '物流', '建设', '商贸', '信息技术', '餐饮管理', '物业管理', '医药'];

export interface HousingSerials {
  matter: Serials;
  application: Serials;
  fundAccount: Serials;
}

export function housingRecord(
  random: Random,
  member: HouseholdMember,
  household: SeedHousehold,
  today: Day,
  serial: HousingSerials,
): HousingRecord {
  const needy = household.support !== 'none';
  return {
    rentalApplications: random.chance(needy ? 0.5 : 0.14) ? [rentalApplication(random, member, today, serial.application())] : [],
    subsidies: random.chance(needy ? 0.5 : 0.08) ? [subsidy(random, member, today)] : [],
    providentFund: providentFund(random, member, today, serial.fundAccount),
    matters: matters(random, MATTERS, member.age, today, serial.matter),
  };
}

function rentalApplication(random: Random, member: HouseholdMember, today: Day, serial: number): RentalApplication {
  const status = random.weighted([
    ['submitted', 8], ['in-review', 15], ['needs-documents', 8], ['public-notice', 7],
    ['queued', 40], ['allocated', 15], ['refused', 7],
  ] as const);
  const queueNumber = random.int(1, 2000);
  return {
    serial,
    appliedOn: laterDay(addDays(today, -random.int(30, 1500)), member.identity.birthDate),
    status,
    queueNumber: status === 'queued' ? queueNumber : null,
    layout: random.weighted([['开间', 15], ['一居室', 50], ['二居室', 35]] as const),
  };
}

function subsidy(random: Random, member: HouseholdMember, today: Day): HousingSubsidy {
  const status = random.weighted([['paying', 75], ['suspended', 10], ['ended', 15]] as const);
  const startDate = laterDay(addDays(today, -random.int(60, 1500)), member.identity.birthDate);
  const endOffset = random.int(30, 700);
  return {
    kind: random.pick(['租赁补贴', '市场租房补贴', '公租房租金补贴'] as const),
    monthlyAmount: random.pick([600, 800, 1000, 1200, 1500, 2000, 2500]),
    status,
    startDate,
    endDate: status === 'ended' ? laterDay(addDays(today, -endOffset), startDate) : addDays(today, endOffset),
  };
}

/** Working-age adults pay in; retirees' accounts are sealed or closed; some have none. */
function providentFund(random: Random, member: HouseholdMember, today: Day, serial: Serials): ProvidentFund | null {
  const working = member.age >= 22 && member.age < 60;
  const status = working
    ? random.weighted([['normal', 78], ['sealed', 10], [null, 12]] as const)
    : member.age >= 60 && random.chance(0.45) ? random.pick(['sealed', 'closed'] as const) : null;
  if (status === null) return null;
  const monthlyContribution = Math.round(random.int(6_000, 40_000) * 0.24);
  // What is left of a few years' contributions after withdrawals.
  const monthsSaved = random.int(3, 12 * Math.min(Math.max(member.age - 22, 1), 30));
  const balance = status === 'closed' ? 0 : Math.round(monthlyContribution * monthsSaved * random.int(40, 100)) / 100;
  return {
    accountNumber: `1100${String(serial()).padStart(8, '0')}`,
    employer: `北京${random.pick(EMPLOYER_NAMES)}${random.pick(EMPLOYER_TRADES)}有限公司`,
    balance,
    monthlyContribution,
    status,
    lastPaidOn: addDays(today, -(status === 'normal' ? random.int(1, 35) : random.int(120, 3000))),
  };
}
