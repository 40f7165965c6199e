// What the health commission holds: vaccinations, family-doctor contracts (家庭医生签约),
// elderly check-ups (老年人健康体检), chronic-disease management (慢病管理) and applications.
import { addDays, addYears, beijingTime, laterDay, type Day } from './dates.js';
import { clinicName } from './districts.js';
import type { HouseholdMember, SeedHousehold } from './households.js';
import { matters, type MatterKind, type Serials } from './matters.js';
import { fullName } from './names.js';
import type { Random } from './random.js';
import type { ChronicCare, ChronicDisease, ElderlyCheckup, FamilyDoctorContract, HealthRecord, Vaccination } from './types.js';

const MATTERS: readonly MatterKind[] = [
  { name: '家庭医生签约申请' },
  { name: '老年人健康体检预约', minAge: 65 },
  { name: '慢性病长处方申请', minAge: 35 },
  { name: '老年人能力综合评估', minAge: 60 },
  { name: '居家医疗护理服务申请', minAge: 60 },
  { name: '预防接种证补办', maxAge: 14 },
  { name: '出生医学证明补办', maxAge: 6 },
];

// Vaccine codes in the style of the national immunisation information system (illustrative).
const VACCINES = {
  bcg: ['0101', '卡介苗'],
  hepatitisB: ['0201', '乙肝疫苗'],
  polio: ['0301', '脊灰疫苗'],
  dtap: ['0401', '百白破疫苗'],
  mmr: ['1201', '麻腮风疫苗'],
  influenza: ['5101', '流感疫苗'],
  pneumococcal: ['2801', '23价肺炎球菌多糖疫苗'],
  covid: ['5601', '新冠病毒疫苗'],
} as const;

/** The childhood schedule: vaccine, dose, days after birth. */
const CHILDHOOD: readonly (readonly [keyof typeof VACCINES, number, number])[] = [
  ['bcg', 1, 0], ['hepatitisB', 1, 0], ['hepatitisB', 2, 30], ['polio', 1, 60], ['polio', 2, 90],
  ['dtap', 1, 90], ['polio', 3, 120], ['dtap', 2, 120], ['dtap', 3, 150], ['hepatitisB', 3, 180],
  ['mmr', 1, 240], ['dtap', 4, 540], ['mmr', 2, 540],
];

const CHRONIC: readonly { disease: ChronicDisease; minAge: number; chance: (age: number) => number }[] = [
  { disease: 'hypertension', minAge: 35, chance: (age) => Math.min(0.55, (age - 30) * 0.012) },
  { disease: 'diabetes', minAge: 40, chance: (age) => Math.min(0.22, (age - 35) * 0.005) },
  { disease: 'copd', minAge: 50, chance: () => 0.06 },
  { disease: 'severe-mental', minAge: 18, chance: () => 0.01 },
];

const CHECKUP_RESULTS = [
  '未见明显异常', '血压偏高,建议复查', '空腹血糖偏高,建议内分泌科随诊', '血脂偏高,建议低脂饮食',
  '骨密度降低,注意防跌倒', '心电图ST-T改变,建议心内科就诊', '轻度贫血,建议复查血常规',
];

export function healthRecord(random: Random, member: HouseholdMember, household: SeedHousehold, today: Day, serial: Serials): HealthRecord {
  const clinic = clinicName(household.district, member.identity.subdistrict);
  const chronicCare = chronic(random, member, today, clinic);
  const likelyToSign = member.age >= 65 || chronicCare.length > 0 ? 0.8 : member.age < 7 ? 0.35 : 0.15;
  return {
    vaccinations: vaccinations(random, member, today, clinic, household.district.name),
    familyDoctorContracts: random.chance(likelyToSign) ? contracts(random, member, today, clinic) : [],
    checkups: member.age >= 65 ? checkups(random, today) : [],
    chronicCare,
    matters: matters(random, MATTERS, member.age, today, serial),
  };
}

function vaccinations(random: Random, member: HouseholdMember, today: Day, clinic: string, districtName: string): Vaccination[] {
  const { birthDate } = member.identity;
  const given: Vaccination[] = [];
  const give = (vaccine: keyof typeof VACCINES, doseNumber: number, day: Day, performer = clinic): void => {
    const time = beijingTime(day, random.int(9, 16), random.int(0, 59));
    // Drawn before the check, so a later "today" never shifts anyone's other data.
    if (day > today) return;
    const [code, name] = VACCINES[vaccine];
    given.push({ code, name, occurredAt: time, doseNumber, performer });
  };
  if (member.age <= 6) {
    for (const [vaccine, dose, daysAfterBirth] of CHILDHOOD) {
      // Doses on the day of birth are given where the child was born.
      const performer = daysAfterBirth === 0 ? `${districtName}妇幼保健院` : clinic;
      give(vaccine, dose, addDays(birthDate, daysAfterBirth + (daysAfterBirth === 0 ? 0 : random.int(0, 10))), performer);
    }
  }
  if (member.age >= 12 && random.chance(0.7)) {
    const first = addDays('2021-03-15', random.int(0, 120));
    give('covid', 1, first);
    give('covid', 2, addDays(first, random.int(21, 56)));
  }
  // Flu shots in the autumn campaign (from 1 October) of the last three seasons.
  const fluChance = member.age >= 60 ? 0.55 : member.age < 7 ? 0.35 : 0.15;
  const lastCampaign = today.slice(5) >= '10-01' ? `${today.slice(0, 4)}-10-01` : `${Number(today.slice(0, 4)) - 1}-10-01`;
  for (let season = 2; season >= 0; season--) {
    const day = addDays(addYears(lastCampaign, -season), random.int(0, 75));
    if (random.chance(fluChance) && day >= birthDate) give('influenza', 1, day);
  }
  if (member.age >= 60 && random.chance(0.25)) give('pneumococcal', 1, addDays(today, -random.int(100, 1500)));
  return given.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}

/** The current one-year contract and, for some, last year's that ran its course. */
function contracts(random: Random, member: HouseholdMember, today: Day, clinic: string): FamilyDoctorContract[] {
  const { birthDate } = member.identity;
  const doctor = fullName(random, random.chance(0.6) ? 'FEMALE' : 'MALE', random.int(1965, 1995));
  const team = `${clinic}家庭医生团队${random.int(1, 12)}组`;
  const start = laterDay(addDays(today, -random.int(10, 360)), birthDate);
  const current: FamilyDoctorContract = { status: random.chance(0.9) ? 'active' : 'revoked', start, end: addDays(addYears(start, 1), -1), doctor, team };
  const previousStart = addYears(start, -1);
  return random.chance(0.5) && previousStart >= birthDate
    ? [{ status: 'completed', start: previousStart, end: addDays(start, -1), doctor, team }, current]
    : [current];
}

function checkups(random: Random, today: Day): ElderlyCheckup[] {
  const done: ElderlyCheckup[] = [];
  for (let year = 2; year >= 0; year--) {
    const daysAgo = random.int(15, 330) + 365 * year;
    if (random.chance(0.8)) done.push({ status: 'completed', date: addDays(today, -daysAgo), result: random.pick(CHECKUP_RESULTS) });
  }
  const bookedIn = random.int(1, 30);
  if (random.chance(0.15)) done.push({ status: 'active', date: addDays(today, bookedIn), result: '已预约,待体检' });
  return done;
}

function chronic(random: Random, member: HouseholdMember, today: Day, clinic: string): ChronicCare[] {
  const managed: ChronicCare[] = [];
  for (const { disease, minAge, chance } of CHRONIC) {
    if (member.age < minAge || !random.chance(chance(member.age))) continue;
    const start = addDays(today, -random.int(180, Math.min(7300, (member.age - minAge + 1) * 365)));
    const status = random.weighted([['active', 85], ['onhold', 8], ['finished', 7]] as const);
    const endedAgo = random.int(30, 700);
    managed.push({ disease, status, start, end: status === 'finished' ? laterDay(addDays(today, -endedAgo), start) : null, organization: clinic });
  }
  return managed;
}
