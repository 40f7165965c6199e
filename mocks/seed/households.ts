// Residents are generated a household at a time, so what departments hold about a family agrees:
// one address and head, spouses registered to each other, children younger than the marriage.
import { addDays, addYears, SEED_EPOCH } from './dates.js';
import { BIRTHPLACES_ELSEWHERE, CITY, DISTRICTS, type District } from './districts.js';
import type { IdNumberPool } from './id-numbers.js';
import { fullName, givenName, surname } from './names.js';
import type { Random } from './random.js';
import type { Gender, Identity, MaritalStatus, MarriageRegistration, RelationToHead } from './types.js';

export type Support = 'none' | 'dibao' | 'tekun';
export type Disability = 'none' | 'mild' | 'severe';

export interface HouseholdMember {
  identity: Identity;
  /** Age on SEED_EPOCH; everything decided by age uses it, so it does not change with the day. */
  age: number;
  relationToHead: RelationToHead;
  maritalStatus: MaritalStatus;
  marriageRegistrations: MarriageRegistration[];
  disability: Disability;
}

export interface SeedHousehold {
  householdId: string;
  district: District;
  /** Decided for the whole household, as 低保 is granted per household. */
  support: Support;
  members: HouseholdMember[];
}

type Kind = 'elderly-single' | 'elderly-couple' | 'family' | 'three-generations' | 'young-single' | 'single-parent' | 'empty-nest';

const KINDS: readonly (readonly [Kind, number])[] = [
  ['elderly-single', 14], ['elderly-couple', 16], ['family', 30], ['three-generations', 12],
  ['young-single', 14], ['single-parent', 5], ['empty-nest', 9],
];

const MOBILE_PREFIXES = ['130', '131', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '158', '159', '166', '177', '180', '185', '186', '187', '188', '189', '199'];

export function household(random: Random, serial: number, ids: IdNumberPool): SeedHousehold {
  const district = random.weighted(DISTRICTS.map((d) => [d, d.weight] as const));
  const builder = new HouseholdBuilder(random, ids, district);
  const kind = random.weighted(KINDS);
  PLANS[kind](builder, random);
  const support: Support =
    kind === 'elderly-single' && random.chance(0.15) ? 'tekun' : random.chance(kind === 'single-parent' ? 0.25 : 0.04) ? 'dibao' : 'none';
  return {
    householdId: `H${district.code}${String(serial).padStart(6, '0')}`,
    district,
    support,
    members: builder.members,
  };
}

const PLANS: Record<Kind, (h: HouseholdBuilder, r: Random) => void> = {
  'elderly-single': (h, r) => {
    const self = h.add('SELF', r.chance(0.62) ? 'FEMALE' : 'MALE', r.int(65, 95));
    h.endMarriage(self, r.weighted([['WIDOWED', 75], ['DIVORCED', 12], ['SINGLE', 13]]));
  },
  'elderly-couple': (h, r) => {
    h.couple(r.int(62, 95));
  },
  family: (h, r) => {
    const { familyName, yearsMarried } = h.couple(r.int(28, 55));
    const children = r.weighted([[1, 55], [2, 40], [3, 5]]);
    for (let i = 0; i < children; i++) h.add('CHILD', gender(r), r.int(0, Math.min(yearsMarried, 30)), familyName);
  },
  'three-generations': (h, r) => {
    const { head, familyName, yearsMarried } = h.couple(r.int(30, 52));
    const children = r.weighted([[1, 70], [2, 30]]);
    for (let i = 0; i < children; i++) h.add('CHILD', gender(r), r.int(0, Math.min(yearsMarried, 25)), familyName);
    // The head's widowed parent: a father shares the head's surname, a mother was married to someone who did.
    const parentGender: Gender = r.chance(0.65) ? 'FEMALE' : 'MALE';
    const headSurname = head.identity.familyName;
    const parent = h.add('PARENT', parentGender, r.int(Math.max(70, head.age + 22), 95), parentGender === 'MALE' ? headSurname : undefined);
    h.endMarriage(parent, 'WIDOWED', parentGender === 'FEMALE' ? headSurname : undefined);
  },
  'young-single': (h, r) => {
    const age = r.int(18, 40);
    const self = h.add('SELF', gender(r), age);
    h.endMarriage(self, age >= 26 && r.chance(0.12) ? 'DIVORCED' : 'SINGLE');
  },
  'single-parent': (h, r) => {
    const self = h.add('SELF', r.chance(0.7) ? 'FEMALE' : 'MALE', r.int(28, 50));
    const yearsSinceMarriage = h.endMarriage(self, r.chance(0.8) ? 'DIVORCED' : 'WIDOWED');
    h.add('CHILD', gender(r), r.int(0, Math.min(17, yearsSinceMarriage)), self.identity.familyName);
  },
  'empty-nest': (h, r) => {
    h.couple(r.int(45, 64));
  },
};

class HouseholdBuilder {
  readonly members: HouseholdMember[] = [];
  private readonly subdistrict: string;
  private readonly address: string;

  constructor(
    private readonly random: Random,
    private readonly ids: IdNumberPool,
    private readonly district: District,
  ) {
    this.subdistrict = random.pick(district.subdistricts);
    this.address = addressIn(random, district);
  }

  add(relation: RelationToHead, sex: Gender, age: number, familyName = surname(this.random)): HouseholdMember {
    const r = this.random;
    // Newborns are at least 90 days old on the epoch, so no ID number is dated after "today".
    const birthDate = addDays(addYears(SEED_EPOCH, -age), -r.int(age === 0 ? 90 : 0, 364));
    const region = age >= 18 && r.chance(0.12) ? r.pick(BIRTHPLACES_ELSEWHERE) : this.district.code;
    const given = givenName(r, sex, Number(birthDate.slice(0, 4)));
    const head = this.members[0];
    const member: HouseholdMember = {
      identity: {
        idNumber: this.ids.allocate(r, region, birthDate, sex),
        name: familyName + given,
        familyName,
        givenName: given,
        gender: sex,
        birthDate,
        districtCode: this.district.code,
        subdistrict: this.subdistrict,
        address: this.address,
        // Children under 16 are reached through the head of the household.
        phone: age < 16 && head ? head.identity.phone : r.pick(MOBILE_PREFIXES) + String(r.int(0, 99_999_999)).padStart(8, '0'),
      },
      age,
      relationToHead: relation,
      maritalStatus: 'SINGLE',
      marriageRegistrations: [],
      disability: r.weighted([['none', 96], ['mild', 2.2], ['severe', 1.8]]),
    };
    this.members.push(member);
    return member;
  }

  /** Head and spouse, married to each other; returns what their children are named and aged by. */
  couple(headAge: number): { head: HouseholdMember; familyName: string; yearsMarried: number } {
    const r = this.random;
    const headGender: Gender = r.chance(0.75) ? 'MALE' : 'FEMALE';
    const husbandOlderBy = r.int(-2, 5);
    const spouseAge = Math.min(95, Math.max(23, headGender === 'MALE' ? headAge - husbandOlderBy : headAge + husbandOlderBy));
    const head = this.add('SELF', headGender, headAge);
    const spouse = this.add('SPOUSE', headGender === 'MALE' ? 'FEMALE' : 'MALE', spouseAge);
    const younger = Math.min(headAge, spouseAge);
    const marriedAt = r.int(22, Math.min(younger - 1, 32));
    const youngerBirth = headAge <= spouseAge ? head.identity.birthDate : spouse.identity.birthDate;
    const registeredOn = addDays(addYears(youngerBirth, marriedAt), r.int(0, 300));
    const registrationNumber = this.registrationNumber('J', registeredOn);
    for (const [self, other] of [[head, spouse], [spouse, head]] as const) {
      self.maritalStatus = 'MARRIED';
      self.marriageRegistrations.push({ registrationNumber, type: 'MARRIAGE', registeredOn, spouseName: other.identity.name });
    }
    const father = headGender === 'MALE' ? head : spouse;
    const mother = headGender === 'MALE' ? spouse : head;
    return { head, familyName: (r.chance(0.92) ? father : mother).identity.familyName, yearsMarried: younger - marriedAt };
  }

  /** A marriage to someone outside the household that ended; returns the years since it began. */
  endMarriage(member: HouseholdMember, status: MaritalStatus, spouseFamilyName?: string): number {
    member.maritalStatus = status;
    if (status === 'SINGLE' || status === 'MARRIED') return 0;
    const r = this.random;
    const { birthDate, gender: sex } = member.identity;
    // Married at 22+ and divorced at least a year later, both before the epoch (age >= 24 here).
    const marriedAt = r.int(22, Math.min(member.age - 2, 35));
    const registeredOn = addDays(addYears(birthDate, marriedAt), r.int(0, 300));
    const spouseGender: Gender = sex === 'MALE' ? 'FEMALE' : 'MALE';
    const spouseBirthYear = Number(birthDate.slice(0, 4)) + r.int(-3, 3);
    const spouseName = spouseFamilyName
      ? spouseFamilyName + givenName(r, spouseGender, spouseBirthYear)
      : fullName(r, spouseGender, spouseBirthYear);
    member.marriageRegistrations.push({ registrationNumber: this.registrationNumber('J', registeredOn), type: 'MARRIAGE', registeredOn, spouseName });
    if (status === 'DIVORCED') {
      const divorcedOn = addYears(registeredOn, r.int(1, member.age - marriedAt - 1));
      member.marriageRegistrations.push({ registrationNumber: this.registrationNumber('L', divorcedOn), type: 'DIVORCE', registeredOn: divorcedOn, spouseName });
    }
    return member.age - marriedAt;
  }

  /** J… for marriage, L… (离婚) for divorce certificates, numbered per district and year. */
  private registrationNumber(prefix: 'J' | 'L', registeredOn: string): string {
    return `${prefix}${this.district.code}-${registeredOn.slice(0, 4)}-${String(this.random.int(1, 99_999)).padStart(6, '0')}`;
  }
}

function gender(random: Random): Gender {
  return random.chance(0.5) ? 'MALE' : 'FEMALE';
}

function addressIn(random: Random, district: District): string {
  const road = random.pick(district.roads);
  if (random.chance(0.3)) return `${CITY}${district.name}${road}${random.int(1, 260)}号`;
  const room = `${random.int(1, 18)}${String(random.int(1, 4)).padStart(2, '0')}`;
  return `${CITY}${district.name}${road}${random.int(1, 200)}号院${random.int(1, 16)}号楼${random.int(1, 6)}单元${room}`;
}
