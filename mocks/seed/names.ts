// Chinese names as people actually carry them: common surnames weighted by frequency, given
// names typical of the decade of birth (a 建国 born in 1950, a 梓涵 born in 2015).
import type { Random } from './random.js';
import type { Gender } from './types.js';

const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72], ['李', 71], ['张', 68], ['刘', 55], ['陈', 45], ['杨', 31], ['黄', 24], ['赵', 20],
  ['吴', 20], ['周', 19], ['徐', 15], ['孙', 15], ['马', 14], ['朱', 13], ['胡', 12], ['郭', 12],
  ['何', 11], ['高', 10], ['林', 10], ['罗', 10], ['郑', 9], ['梁', 9], ['谢', 8], ['宋', 8],
  ['唐', 7], ['许', 7], ['韩', 7], ['冯', 7], ['邓', 6], ['曹', 6], ['彭', 6], ['曾', 6],
  ['肖', 5], ['田', 5], ['董', 5], ['袁', 5], ['潘', 5], ['于', 5], ['蒋', 5], ['蔡', 5],
  ['余', 4], ['杜', 4], ['叶', 4], ['程', 4], ['苏', 4], ['魏', 4], ['吕', 4], ['丁', 4],
  ['任', 4], ['沈', 4], ['姚', 3], ['卢', 3], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 3],
  ['陆', 3], ['汪', 3], ['范', 3], ['金', 3], ['石', 3], ['贾', 3], ['付', 3], ['白', 2],
  ['孟', 2], ['秦', 2], ['邱', 2], ['侯', 2], ['郝', 2], ['武', 2], ['毛', 2], ['邵', 2],
  ['欧阳', 1], ['司马', 0.3], ['上官', 0.3], ['诸葛', 0.3],
];

type Era = 'before1965' | 'before1990' | 'since1990';

const GIVEN: Record<Era, Record<Gender, readonly string[]>> = {
  before1965: {
    MALE: ['建国', '建华', '国强', '志明', '德明', '文华', '永福', '振华', '国庆', '树林', '福生', '宝山', '德胜', '长海', '立新', '卫东'],
    FEMALE: ['秀英', '桂英', '玉兰', '淑珍', '凤英', '秀兰', '桂兰', '淑英', '秀珍', '玉珍', '素芬', '翠花', '桂芝', '淑华', '玉梅', '凤兰'],
  },
  before1990: {
    MALE: ['伟', '强', '磊', '军', '勇', '杰', '涛', '明', '超', '刚', '平', '建军', '志强', '晓东', '海波', '鹏', '斌', '东'],
    FEMALE: ['敏', '静', '丽', '艳', '娟', '霞', '燕', '红', '桂芳', '海燕', '红梅', '丽娟', '春梅', '晓红', '雪梅', '萍', '琳', '洁'],
  },
  since1990: {
    MALE: ['浩然', '梓轩', '宇轩', '子轩', '浩宇', '俊杰', '雨泽', '沐辰', '一鸣', '皓轩', '博文', '子墨', '天佑', '思远', '嘉懿', '睿'],
    FEMALE: ['子涵', '欣怡', '一诺', '雨桐', '思涵', '诗涵', '梓涵', '佳怡', '若曦', '梓萱', '欣妍', '语桐', '可馨', '梦瑶', '悦', '雅琪'],
  },
};

export function surname(random: Random): string {
  return random.weighted(SURNAMES);
}

export function givenName(random: Random, gender: Gender, birthYear: number): string {
  const era: Era = birthYear < 1965 ? 'before1965' : birthYear < 1990 ? 'before1990' : 'since1990';
  return random.pick(GIVEN[era][gender]);
}

/** A full name for someone who is not in the population (a late spouse, a doctor). */
export function fullName(random: Random, gender: Gender, birthYear: number): string {
  return surname(random) + givenName(random, gender, birthYear);
}
