// The deterministic population every mock department serves a view of.
import { addDays, addYears, beijingDay, SEED_EPOCH, type Day } from './dates.js';
import { civilAffairsRecord } from './civil-affairs.js';
import { DISTRICTS } from './districts.js';
import { healthRecord } from './health.js';
import { household, type HouseholdMember, type SeedHousehold } from './households.js';
import { housingRecord, type HousingSerials } from './housing.js';
import { IdNumberPool } from './id-numbers.js';
import { serials, type Serials } from './matters.js';
import { createRandom, type Random } from './random.js';
import type { Gender, SeedResident } from './types.js';

export interface PopulationOptions {
  seed?: number;
  size?: number;
  /** Matters and other recent events are dated relative to this day (Beijing time). */
  today?: Date;
}

export interface Population {
  residents: SeedResident[];
  /** Valid ID numbers that no department knows. */
  unknownIdNumbers: string[];
}

export const DEFAULT_SEED = 20261128;
export const DEFAULT_SIZE = 1200;
const UNKNOWN_COUNT = 50;

const cache = new Map<string, Population>();
const indexes = new WeakMap<Population, ReadonlyMap<string, SeedResident>>();

export function population(options: PopulationOptions = {}): Population {
  const seed = options.seed ?? DEFAULT_SEED;
  const size = options.size ?? DEFAULT_SIZE;
  const today = beijingDay(options.today ?? new Date());
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, got ${size}`);
  // Birth dates are fixed by the seed; an earlier "today" would put some of them in the future.
  if (today < SEED_EPOCH) throw new RangeError(`today must be on or after ${SEED_EPOCH}, got ${today}`);
  const key = `${seed}:${size}:${today}`;
  let built = cache.get(key);
  if (!built) {
    if (cache.size >= 8) cache.delete(cache.keys().next().value!);
    built = build(seed, size, today);
    cache.set(key, built);
  }
  return built;
}

/** Residents by canonical ID number (upper-case X). */
export function residentIndex(of: Population): ReadonlyMap<string, SeedResident> {
  let index = indexes.get(of);
  if (!index) {
    index = new Map(of.residents.map((r) => [r.idNumber, r]));
    indexes.set(of, index);
  }
  return index;
}

function build(seed: number, size: number, today: Day): Population {
  const random = createRandom(seed);
  const ids = new IdNumberPool();
  const households: SeedHousehold[] = [];
  for (let count = 0; count < size; ) {
    const next = household(random.fork(), households.length + 1, ids);
    next.members = next.members.slice(0, size - count);
    households.push(next);
    count += next.members.length;
  }
  const departmentSerials = {
    civilAffairs: serials(),
    housing: { matter: serials(), application: serials(), fundAccount: serials() },
    health: serials(),
  };
  const residents = households.flatMap((h) => h.members.map((m) => resident(random.fork(), m, h, today, departmentSerials)));
  const unknown = random.fork();
  const unknownIdNumbers = Array.from({ length: UNKNOWN_COUNT }, () => {
    const gender: Gender = unknown.chance(0.5) ? 'MALE' : 'FEMALE';
    const birthDate = addDays(addYears(SEED_EPOCH, -unknown.int(1, 95)), -unknown.int(0, 364));
    return ids.allocate(unknown, unknown.pick(DISTRICTS).code, birthDate, gender);
  });
  return { residents, unknownIdNumbers };
}

/**
 * Which departments know someone: civil affairs ~90%, housing ~55% (adults only), health ~80%
 * (more of the young and old), and everyone at least one.
 */
function resident(
  random: Random,
  member: HouseholdMember,
  home: SeedHousehold,
  today: Day,
  serial: { civilAffairs: Serials; housing: HousingSerials; health: Serials },
): SeedResident {
  const knownToHousing = member.age >= 18 && random.chance(home.support === 'none' ? 0.7 : 0.85);
  const knownToHealth = random.chance(member.age >= 60 || member.age < 7 ? 0.92 : 0.74);
  const knownToCivilAffairs = random.chance(0.9) || (!knownToHousing && !knownToHealth);
  return {
    ...member.identity,
    ...(knownToCivilAffairs && { civilAffairs: civilAffairsRecord(random.fork(), member, home, today, serial.civilAffairs) }),
    ...(knownToHousing && { housing: housingRecord(random.fork(), member, home, today, serial.housing) }),
    ...(knownToHealth && { health: healthRecord(random.fork(), member, home, today, serial.health) }),
  };
}
