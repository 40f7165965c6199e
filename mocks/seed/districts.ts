// The twelve Beijing districts the seed population lives in, weighted by their share of the
// city's residents (2020 census), with real subdistricts (街道, which name the community
// health centres) and roads (for addresses).

export interface District {
  code: string;
  name: string;
  weight: number;
  subdistricts: readonly string[];
  roads: readonly string[];
}

export const CITY = '北京市';

export const DISTRICTS: readonly District[] = [
  { code: '110101', name: '东城区', weight: 71, subdistricts: ['交道口', '安定门', '东四', '和平里', '天坛', '建国门'], roads: ['交道口南大街', '安定门内大街', '东四北大街', '和平里东街', '雍和宫大街', '朝阳门北小街'] },
  { code: '110102', name: '西城区', weight: 110, subdistricts: ['新街口', '月坛', '展览路', '德胜', '什刹海', '广安门内'], roads: ['西直门内大街', '月坛北街', '德胜门外大街', '广安门内大街', '新街口北大街', '阜成门内大街'] },
  { code: '110105', name: '朝阳区', weight: 345, subdistricts: ['双井', '劲松', '潘家园', '呼家楼', '望京', '酒仙桥', '亚运村'], roads: ['建国路', '朝阳北路', '望京西路', '劲松路', '东三环中路', '安立路', '酒仙桥路'] },
  { code: '110106', name: '丰台区', weight: 202, subdistricts: ['右安门', '太平桥', '西罗园', '大红门', '方庄', '马家堡'], roads: ['丰台北路', '方庄路', '马家堡东路', '南苑路', '角门路', '西四环南路'] },
  { code: '110107', name: '石景山区', weight: 57, subdistricts: ['八宝山', '老山', '八角', '古城', '苹果园', '鲁谷'], roads: ['石景山路', '阜石路', '古城大街', '鲁谷路', '八角北路', '苹果园路'] },
  { code: '110108', name: '海淀区', weight: 313, subdistricts: ['万寿路', '甘家口', '紫竹院', '学院路', '中关村', '清河', '上地'], roads: ['中关村大街', '学院路', '知春路', '西三环北路', '北四环西路', '上地信息路', '清河中街'] },
  { code: '110109', name: '门头沟区', weight: 39, subdistricts: ['大峪', '城子', '东辛房', '永定', '龙泉'], roads: ['新桥大街', '滨河路', '石龙路', '黑山大街', '双峪路'] },
  { code: '110111', name: '房山区', weight: 131, subdistricts: ['城关', '新镇', '向阳', '星城', '拱辰', '西潞'], roads: ['良乡西路', '拱辰大街', '长政南街', '政通路', '房窑路'] },
  { code: '110112', name: '通州区', weight: 184, subdistricts: ['中仓', '新华', '北苑', '玉桥', '潞源', '永顺'], roads: ['新华大街', '玉桥中路', '九棵树东路', '运河西大街', '通胡大街', '梨园南街'] },
  { code: '110113', name: '顺义区', weight: 132, subdistricts: ['胜利', '光明', '石园', '空港', '旺泉', '双丰'], roads: ['府前街', '站前街', '光明南街', '新顺南大街', '裕龙街'] },
  { code: '110114', name: '昌平区', weight: 227, subdistricts: ['城北', '城南', '回龙观', '龙泽园', '霍营', '天通苑北'], roads: ['回龙观西大街', '立汤路', '政府街', '鼓楼南街', '育知东路', '太平庄中街'] },
  { code: '110115', name: '大兴区', weight: 199, subdistricts: ['兴丰', '林校路', '清源', '观音寺', '高米店', '旧宫'], roads: ['兴华大街', '黄村西大街', '清源路', '兴丰大街', '金星路', '旧宫东路'] },
];

/** Where residents born outside Beijing were born (their ID number keeps that region code). */
export const BIRTHPLACES_ELSEWHERE: readonly string[] = [
  '130102', // 石家庄市长安区
  '120101', // 天津市和平区
  '370102', // 济南市历下区
  '410105', // 郑州市金水区
  '320102', // 南京市玄武区
  '420102', // 武汉市江岸区
  '510104', // 成都市锦江区
  '230102', // 哈尔滨市道里区
];

export function districtByCode(code: string): District {
  const district = DISTRICTS.find((d) => d.code === code);
  if (!district) throw new Error(`unknown district code ${code}`);
  return district;
}

export function clinicName(district: District, subdistrict: string): string {
  return `${district.name}${subdistrict}社区卫生服务中心`;
}
