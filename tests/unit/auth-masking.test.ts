import { describe, expect, it } from 'vitest';
import { mask } from '../../src/auth/masking.js';

describe('masking', () => {
  it('keeps the region and the last four characters of an ID number', () => {
    expect(mask('idNumber', '11010119900307123X')).toBe('110101********123X');
  });
  it('keeps the first three and last four digits of a phone number', () => {
    expect(mask('phone', '13812345678')).toBe('138****5678');
  });
  it('keeps an address up to its district', () => {
    expect(mask('address', '北京市朝阳区建国路88号3单元')).toBe('北京市朝阳区****');
  });
});
