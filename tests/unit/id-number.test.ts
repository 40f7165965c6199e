import { describe, expect, it } from 'vitest';
import { checkCharacter, makeIdNumber, parseIdNumber } from '../../src/identity/id-number.js';

describe('GB 11643 ID numbers', () => {
  it('accepts a valid number and reads region, birth date and gender from it', () => {
    // The standard's own worked example.
    const result = parseIdNumber('11010519491231002X');
    expect(result).toEqual({ ok: true, value: { idNumber: '11010519491231002X', regionCode: '110105', birthDate: '1949-12-31', gender: 'FEMALE' } });
  });

  it('computes the MOD 11-2 check character, X standing for 10', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(makeIdNumber('110105', '1950-03-01', 123)).toMatch(/^11010519500301123[\dX]$/);
  });

  it('accepts a lower-case x and answers it upper-case', () => {
    const result = parseIdNumber('11010519491231002x');
    expect(result.ok && result.value.idNumber).toBe('11010519491231002X');
  });

  it.each([
    ['11010519491231002', 'must be 18 characters, got 17'],
    ['11010519491231002XX', 'must be 18 characters, got 19'],
    ['1101051949123100AX', 'must be 17 digits followed by a digit or X'],
    ['11010519491231002Y', 'must be 17 digits followed by a digit or X'],
    ['990105194912310021', 'region code 990105'],
    ['110000194912310021', 'region code 110000'],
    ['110105194902300021', 'birth date 19490230 is not a real date'],
    ['110105189912310021', 'birth date 18991231'],
    ['110105299912310021', 'birth date 29991231'],
    ['110105194912310021', 'check character is 1, expected X'],
  ])('refuses %s: %s', (input, reason) => {
    const result = parseIdNumber(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('reads gender from the parity of the 17th digit', () => {
    const male = parseIdNumber(makeIdNumber('310101', '1980-01-01', 1));
    const female = parseIdNumber(makeIdNumber('310101', '1980-01-01', 2));
    expect(male.ok && male.value.gender).toBe('MALE');
    expect(female.ok && female.value.gender).toBe('FEMALE');
  });
});
