// GB 11643 citizen ID numbers: 6-digit region code, 8-digit birth date, 3-digit sequence
// (odd = male), and an ISO 7064 MOD 11-2 check character (0-9 or X).

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
// GB/T 2260 province-level prefixes (71 Taiwan, 81 Hong Kong, 82 Macao included).
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64',
  '65', '71', '81', '82',
]);

export interface IdNumberParts {
  /** Canonical form: upper-case X. */
  idNumber: string;
  regionCode: string;
  birthDate: string; // YYYY-MM-DD
  gender: 'MALE' | 'FEMALE';
}

export type IdNumberResult = { ok: true; value: IdNumberParts } | { ok: false; reason: string };

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export function parseIdNumber(input: string, today: Date = new Date()): IdNumberResult {
  if (input.length !== 18) return fail(`must be 18 characters, got ${input.length}`);
  const id = input.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return fail('must be 17 digits followed by a digit or X');
  const regionCode = id.slice(0, 6);
  if (!PROVINCES.has(id.slice(0, 2)) || regionCode.endsWith('0000')) {
    return fail(`region code ${regionCode} is not a county-level administrative division`);
  }
  const [y, m, d] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)];
  const birth = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  const real = birth.getUTCFullYear() === Number(y) && birth.getUTCMonth() === Number(m) - 1 && birth.getUTCDate() === Number(d);
  if (!real || Number(y) < 1900 || birth.getTime() > today.getTime()) {
    return fail(`birth date ${y}${m}${d} is not a real date between 1900 and today`);
  }
  const expected = checkCharacter(id.slice(0, 17));
  if (id[17] !== expected) return fail(`check character is ${id[17]}, expected ${expected}`);
  return {
    ok: true,
    value: {
      idNumber: id,
      regionCode,
      birthDate: `${y}-${m}-${d}`,
      gender: Number(id[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
    },
  };
}

/** Builds a valid ID number from its parts; the mocks' seed data and tests use it. */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

function fail(reason: string): IdNumberResult {
  return { ok: false, reason: `Invalid ID number: ${reason}` };
}
