import { makeIdNumber } from '../../src/identity/id-number.js';
import type { Random } from './random.js';
import type { Gender } from './types.js';

/** Hands out valid, never-repeated ID numbers; the sequence's parity carries the gender. */
export class IdNumberPool {
  private readonly used = new Set<string>();

  allocate(random: Random, regionCode: string, birthDate: string, gender: Gender): string {
    for (;;) {
      const k = random.int(1, 499);
      const idNumber = makeIdNumber(regionCode, birthDate, gender === 'MALE' ? 2 * k - 1 : 2 * k);
      if (!this.used.has(idNumber)) {
        this.used.add(idNumber);
        return idNumber;
      }
    }
  }
}
