import type { DepartmentKey } from '../config.js';

// The one-window matters (事项) the window accepts: which departments take part, what each one
// needs, and how many working days each has. Data, not code: a new matter is a new entry here.

export const MATERIALS = {
  ID_CARD: '居民身份证',
  HOUSEHOLD_REGISTER: '居民户口簿',
  BANK_ACCOUNT: '本人社保卡或银行账户',
  INCOME_STATEMENT: '家庭收入及财产申报表',
  HOUSING_STATEMENT: '家庭住房情况声明',
  HEALTH_QUESTIONNAIRE: '老年人健康状况自评表',
  FAMILY_DOCTOR_AGREEMENT: '家庭医生签约服务协议',
  MARRIAGE_CERTIFICATE: '父母结婚证',
  BIRTH_RECORD: '医疗机构分娩记录',
} as const;

export type MaterialCode = keyof typeof MATERIALS;

export interface CataloguePart {
  department: DepartmentKey;
  /** The department's own services this part covers. */
  services: readonly string[];
  materials: readonly MaterialCode[];
  timeLimitDays: number;
}

export interface CatalogueMatter {
  code: string;
  name: string;
  /** The promise made to the resident at the window, for the whole case. */
  timeLimitDays: number;
  parts: readonly CataloguePart[];
}

export const MATTERS: readonly CatalogueMatter[] = [
  {
    code: 'ELDERLY_CARE',
    name: '老年人关爱服务“一件事”',
    timeLimitDays: 10,
    parts: [
      { department: 'civilAffairs', services: ['高龄津贴申领'], materials: ['ID_CARD', 'HOUSEHOLD_REGISTER', 'BANK_ACCOUNT'], timeLimitDays: 10 },
      {
        department: 'health',
        services: ['老年人健康体检预约', '家庭医生签约'],
        materials: ['ID_CARD', 'HEALTH_QUESTIONNAIRE', 'FAMILY_DOCTOR_AGREEMENT'],
        timeLimitDays: 5,
      },
    ],
  },
  {
    code: 'PUBLIC_RENTAL_LOW_INCOME',
    name: '低收入家庭公租房申请“一件事”',
    timeLimitDays: 20,
    parts: [
      { department: 'civilAffairs', services: ['低收入家庭救助认定核对'], materials: ['ID_CARD', 'HOUSEHOLD_REGISTER', 'INCOME_STATEMENT'], timeLimitDays: 10 },
      { department: 'housing', services: ['公共租赁住房资格申请'], materials: ['ID_CARD', 'HOUSEHOLD_REGISTER', 'HOUSING_STATEMENT'], timeLimitDays: 20 },
    ],
  },
  {
    code: 'NEWBORN',
    name: '新生儿出生“一件事”',
    timeLimitDays: 5,
    parts: [
      { department: 'health', services: ['出生医学证明签发', '预防接种证办理'], materials: ['ID_CARD', 'MARRIAGE_CERTIFICATE', 'BIRTH_RECORD'], timeLimitDays: 5 },
      { department: 'civilAffairs', services: ['家庭户成员信息登记'], materials: ['ID_CARD', 'HOUSEHOLD_REGISTER'], timeLimitDays: 3 },
    ],
  },
];

export function matterByCode(code: string): CatalogueMatter | undefined {
  return MATTERS.find((m) => m.code === code);
}

/** Every material the resident hands in once at the window, for all the departments at once. */
export function materialsOf(matter: CatalogueMatter): MaterialCode[] {
  return [...new Set(matter.parts.flatMap((p) => p.materials))];
}
