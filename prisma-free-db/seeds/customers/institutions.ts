/**
 * Plausible institution names. Each class of institution has a per-city list of names built from
 * the city, its districts and universities; the n-th institution of a class in a city gets the
 * n-th name, so names stay unique until a list runs out, and then gain a campus suffix (院区).
 */
import type { HospitalLevel, InstitutionType } from '@/server/db/entities';
import { ROADS, STREETS, shortDistrict, type City } from './atlas';
import { Weighted, hashString } from './random';
import { CHINESE_NUMBERS } from './vocabulary';

export const INSTITUTION_CLASSES = ['major', 'specialty', 'district', 'private', 'community', 'clinic', 'brandPharmacy', 'pharmacy', 'chain', 'distributor', 'other'] as const;
export type InstitutionClass = (typeof INSTITUTION_CLASSES)[number];

export const CLASS_TYPE: Record<InstitutionClass, InstitutionType> = {
  major: 'hospital',
  specialty: 'hospital',
  district: 'hospital',
  private: 'hospital',
  community: 'clinic',
  clinic: 'clinic',
  brandPharmacy: 'pharmacy',
  pharmacy: 'pharmacy',
  chain: 'chain',
  distributor: 'distributor',
  other: 'other',
};

const LEVELS: Partial<Record<InstitutionClass, Weighted<HospitalLevel>>> = {
  major: new Weighted([['3A', 85], ['3B', 15]]),
  specialty: new Weighted([['3A', 50], ['3B', 35], ['3', 15]]),
  district: new Weighted([['2A', 45], ['3B', 20], ['2B', 15], ['2', 15], ['3', 5]]),
  private: new Weighted([['2', 40], ['unrated', 30], ['1', 15], ['2A', 15]]),
  community: new Weighted([['1', 1]]),
  clinic: new Weighted([['unrated', 1]]),
};

/** The hospital level of an institution of this class; `u` is a uniform draw in [0, 1). */
export function levelFor(cls: InstitutionClass, u: number): HospitalLevel | null {
  return LEVELS[cls]?.at(u) ?? null;
}

/** Chain and group names are made up, so demo data never pretends to be a real company's books. */
export const CHAIN_BRANDS = ['百姓康', '益民堂', '仁济堂', '康华', '正和', '德善堂', '瑞丰', '万家康', '心连心', '福康'];
const DISTRIBUTORS = ['华信医药', '国康医药', '瑞通医药', '九和医药', '申联医药', '康泰医药物流', '民生医药', '汇通医药'];
const PRIVATE_HOSPITALS = ['仁爱', '博爱', '和平', '同仁', '长安', '友好', '华夏', '安康', '康华', '仁和', '明德', '嘉禾'];
const CLINICS = ['康宁', '惠民', '益民', '博康', '同济堂', '仁和', '健民', '百佳', '福瑞', '安泰'];
const PHARMACIES = ['康健', '仁心', '百草', '济民', '福寿堂', '惠民', '益寿', '康泰', '杏林', '天和', '长寿', '安心'];

/** Per-city rotation of brand lists, so the first pharmacy of every city is not the same brand. */
function shift(city: City): number {
  return hashString(city.code) % 997;
}

/** Classes whose institutions sit in a district named by their ordinal (区人民医院, 街道社区卫生服务中心). */
export function districtOf(cls: InstitutionClass, city: City, ordinal: number): number | null {
  return cls === 'district' || cls === 'community' ? ordinal % city.districts.length : null;
}

/** Prefix for district institutions: 上海市浦东新区…, but 昆山市… for a county-level city. */
function districtPrefix(city: City, district: string): string {
  return district.endsWith('市') ? district : `${city.name}${district}`;
}

/** The ordinal-th name of the list (rotated by `rotate`), with a campus suffix once the list runs out. */
function withCampus(list: string[], ordinal: number, city: City, rotate = 0): string {
  const base = list[(ordinal + rotate) % list.length]!;
  const round = Math.floor(ordinal / list.length);
  if (round === 0) return base;
  const district = city.districts[(round - 1) % city.districts.length]!;
  return round <= city.districts.length ? `${base}（${shortDistrict(district)}院区）` : `${base}（第${round + 1}院区）`;
}

const lists = new Map<string, string[]>();

function cached(key: string, build: () => string[]): string[] {
  let list = lists.get(key);
  if (!list) {
    list = build();
    lists.set(key, list);
  }
  return list;
}

function majorHospitals(city: City): string[] {
  return cached(`major:${city.code}`, () => {
    const out: string[] = [];
    for (let n = 0; n < 3; n++) {
      for (const u of city.universities) out.push(`${u}附属第${CHINESE_NUMBERS[n]}医院`);
      for (let k = 3 * n; k < 3 * n + 3; k++) out.push(`${city.name}第${CHINESE_NUMBERS[k]}人民医院`);
    }
    out.push(`${city.name}第十人民医院`, `${city.name}中心医院`, `${city.name}人民医院`);
    return out;
  });
}

function specialtyHospitals(city: City): string[] {
  return cached(`specialty:${city.code}`, () =>
    ['中医医院', '妇幼保健院', '儿童医院', '肿瘤医院', '胸科医院', '中西医结合医院', '老年医院', '眼科医院', '第二中医医院', '康复医院'].map((s) => `${city.name}${s}`),
  );
}

/**
 * The name of the `ordinal`-th institution of class `cls` in `city`. `district` is the district
 * the institution is in (index into city.districts), `variant` a uniform draw for the rest.
 */
export function institutionName(cls: InstitutionClass, city: City, ordinal: number, district: number, variant: number): string {
  const d = city.districts[district]!;
  const D = city.districts.length;
  switch (cls) {
    case 'major':
      return withCampus(majorHospitals(city), ordinal, city);
    case 'specialty':
      return withCampus(specialtyHospitals(city), ordinal, city);
    case 'district': {
      const patterns = ['人民医院', '中心医院', '中医医院', '妇幼保健院', '第二人民医院', '中西医结合医院'];
      const round = Math.floor(ordinal / D);
      const name = `${districtPrefix(city, d)}${patterns[round % patterns.length]}`;
      return round < patterns.length ? name : `${name}（第${Math.floor(round / patterns.length) + 1}院区）`;
    }
    case 'private':
      return withCampus(PRIVATE_HOSPITALS.map((b) => `${city.short}${b}医院`), ordinal, city);
    case 'community': {
      const round = Math.floor(ordinal / D);
      const name = `${d}${STREETS[round % STREETS.length]}街道社区卫生服务中心`;
      return round < STREETS.length ? name : `${name}第${Math.floor(round / STREETS.length) + 1}分中心`;
    }
    case 'clinic':
      return withCampus(CLINICS.map((b) => `${city.short}${b}门诊部`), ordinal, city, shift(city));
    case 'brandPharmacy': {
      const brand = CHAIN_BRANDS[brandOf(cls, city, ordinal)!]!;
      const road = ROADS[(Math.floor(ordinal / CHAIN_BRANDS.length) + shift(city)) % ROADS.length]!;
      const round = Math.floor(ordinal / (CHAIN_BRANDS.length * ROADS.length));
      return `${brand}大药房（${shortDistrict(d)}${road}${round ? `${round + 1}` : ''}店）`;
    }
    case 'pharmacy': {
      const base = `${city.short}${PHARMACIES[(ordinal + shift(city)) % PHARMACIES.length]}大药房`;
      const round = Math.floor(ordinal / PHARMACIES.length);
      return round === 0 ? base : `${base}（${shortDistrict(d)}${ROADS[(round + Math.floor(variant * ROADS.length)) % ROADS.length]}${round}店）`;
    }
    case 'chain': {
      const brand = CHAIN_BRANDS[brandOf(cls, city, ordinal)!]!;
      return ordinal < CHAIN_BRANDS.length ? `${brand}（${city.short}）医药连锁有限公司` : `${brand}（${city.short}${shortDistrict(d)}${Math.floor(ordinal / CHAIN_BRANDS.length)}）医药连锁有限公司`;
    }
    case 'distributor':
      return withCampus(DISTRIBUTORS.map((g) => `${g}${city.short}有限公司`), ordinal, city).replace('院区', '分公司');
    case 'other':
      return withCampus(['疾病预防控制中心', '医疗保障局', '医学会', '药学会', '健康促进中心'].map((s) => `${city.name}${s}`), ordinal, city);
  }
}

/** The brand of a chain or branded pharmacy (a pharmacy belongs to its brand's chain in the city). */
export function brandOf(cls: InstitutionClass, city: City, ordinal: number): number | null {
  return cls === 'brandPharmacy' || cls === 'chain' ? (ordinal + shift(city)) % CHAIN_BRANDS.length : null;
}

/** Relative number of people a company tracks at an institution of this class and level. */
export function peopleWeight(cls: InstitutionClass, level: HospitalLevel | null): number {
  switch (cls) {
    case 'major':
    case 'specialty':
    case 'district':
    case 'private':
      return level === '3A' ? 40 : level === '3B' || level === '3' || level === '3C' ? 25 : level === '2A' ? 12 : 8;
    case 'community':
      return 4;
    case 'clinic':
    case 'brandPharmacy':
    case 'pharmacy':
    case 'other':
      return 2;
    case 'chain':
    case 'distributor':
      return 3;
  }
}

/** How many departments (科室) an institution of this level has in the company's focus list. */
export function departmentRange(level: HospitalLevel | null): readonly [number, number] {
  switch (level) {
    case '3A':
      return [8, 10];
    case '3B':
    case '3':
    case '3C':
      return [6, 8];
    case '2A':
      return [4, 6];
    case '2B':
    case '2C':
    case '2':
      return [3, 5];
    default:
      return [2, 3];
  }
}
