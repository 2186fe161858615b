/**
 * Generates one company's customer data — territories, institutions, departments, people with
 * affiliations and phones, a year of interactions with tasks, orders, service requests, marketing
 * activities — and streams the rows to a sink. Used by the demo seed and the scale generator.
 *
 * Memory does not grow with the number of people or interactions: per institution the generator
 * keeps a few numbers (city, territory, class, where its people start), and every fact about a
 * person that later rows need (institution, department, name, title, tier) is a pure function of
 * the person's index, recomputed on demand.
 *
 * Consistency the rest of the product relies on:
 * - person.territoryId = territory of the primary institution; primaryInstitutionId /
 *   primaryDepartmentId mirror the primary affiliation;
 * - interaction.territoryId = its institution's territory; participants copy occurredAt;
 * - namePinyin / nameInitials come from nameKeys; contact_point.valueReversed from reversedDigits;
 * - tasks whose reminder time has passed are marked reminded, so no reminder storm at start-up.
 */
import {
  ActivityParticipationSchema,
  AffiliationSchema,
  ContactPointSchema,
  CustomFieldSchema,
  CustomRequirementSchema,
  DepartmentSchema,
  InstitutionSchema,
  InteractionParticipantSchema,
  InteractionProductSchema,
  InteractionSchema,
  LifecycleChangeSchema,
  MarketingActivitySchema,
  OrderLineSchema,
  PersonSchema,
  ProductSchema,
  PurchaseOrderSchema,
  ServiceRequestSchema,
  TaskSchema,
  TerritoryMemberSchema,
  TerritorySchema,
  HOSPITAL_LEVELS,
  LIFECYCLE_STAGES,
  type Gender,
  type HcpTitle,
  type HospitalLevel,
  type InstitutionType,
  type InteractionChannel,
  type InteractionOutcome,
  type LifecycleStage,
  type PaymentMethod,
  type PersonKind,
  type ServiceStatus,
  type TerritoryLevel,
  type Tier,
} from '@/server/db/entities';
import { nameKeys, reversedDigits } from '@/server/services/customers/pinyin';
import { encryptField } from '@/server/services/field-crypto';
import { MOBILE_PREFIXES, REGIONS, ROADS, cityByCode, defaultLeafCount, shortDistrict, type City, type RegionCode } from './atlas';
import type { RowSink } from './bulk-writer';
import { CLASS_TYPE, INSTITUTION_CLASSES, brandOf, departmentRange, districtOf, institutionName, levelFor, peopleWeight } from './institutions';
import type { CompanyProfile, FocusDepartment, ProductTemplate } from './profiles';
import { IdSpace, Rng, TABLE, Weighted, hashString, hashUnit, scramble8 } from './random';
import {
  ADMIN_ROLES,
  EMAIL_DOMAINS,
  GIVEN_FIRST,
  GIVEN_LAST,
  LIFECYCLE_REASONS,
  MATERIALS,
  NEXT_STEPS,
  OTHER_DEPARTMENTS,
  ORDER_REMARKS,
  OWN_TASKS,
  PAYMENT_BY_TYPE,
  REACTIONS,
  REQUIREMENTS,
  SECONDARY_POSITIONS,
  SERVICE_TEMPLATES,
  SURNAMES,
  TITLE_LABELS,
  type DepartmentTemplate,
  type ServiceTemplate,
} from './vocabulary';

export interface Sizes {
  institutions: number;
  persons: number;
  interactions: number;
  orders: number;
  serviceRequests: number;
  activities: number;
  /** People per past marketing activity (on average). */
  participants: number;
  requirements: number;
}

export interface GenerationPlan {
  /** Namespace of the ids (e.g. "demo:huakang"): the same namespace and seed give the same ids. */
  namespace: string;
  seed: number;
  tenantId: string;
  /** The data set's "now": interactions fall in the year before it, tasks fall due around it. */
  anchor: Date;
  profile: CompanyProfile;
  sizes: Sizes;
  /**
   * User ids. reps[i] works leaf territories 2i and 2i+1 (round the list again when there are
   * more territories; sharing them when there are more reps); managers[i] leads region i
   * (wrapping). The first rep and manager are the ones people log in as.
   */
  team: { reps: readonly string[]; managers: readonly string[] };
  progress?: (phase: string, done: number, total: number) => void;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Asia/Shanghai has no daylight saving: local time is UTC + 8 h. */
const LOCAL_OFFSET = 8 * HOUR;

/** Streams of the random-access draws (distinct numbers keep the streams independent). */
const S = {
  institutionPlan: 1,
  institutionDetail: 2,
  institutionAddress: 3,
  department: 4,
  personCore: 5,
  personDetail: 6,
  personDepartment: 7,
  personAdmin: 8,
  interaction: 9,
  order: 10,
  service: 11,
  activity: 12,
  requirement: 13,
  territory: 14,
  tasks: 15,
  adminRole: 16,
} as const;

interface TerritoryNode {
  id: string;
  parentId: string | null;
  level: TerritoryLevel;
  name: string;
  code: string;
  path: string;
}

interface Leaf {
  node: TerritoryNode;
  city: City;
  region: number;
  /** Reps working the territory (several when the team is larger than the territories). */
  reps: string[];
}

/** What the rest of the data needs to know about a person, recomputable from the index alone. */
interface PersonCore {
  k: number;
  j: number;
  /** Department slot at the primary institution, or -1 (pharmacies, hospital administrators). */
  slot: number;
  gender: Gender;
  surname: string;
  name: string;
  kind: PersonKind;
  title: HcpTitle | null;
  tier: Tier | null;
  stage: LifecycleStage;
}

const SURNAME_TABLE = new Weighted(SURNAMES);
const TIERS_SENIOR = new Weighted<Tier | null>([['A', 35], ['B', 40], ['C', 20], [null, 5]]);
const TIERS_OTHER = new Weighted<Tier | null>([['A', 10], ['B', 33], ['C', 45], [null, 12]]);
const STAGES = new Weighted<LifecycleStage>([['active', 55], ['prospect', 15], ['identified', 12], ['dormant', 12], ['lost', 6]]);
const INSTITUTION_STAGES = new Weighted<LifecycleStage>([['active', 75], ['prospect', 10], ['identified', 5], ['dormant', 7], ['lost', 3]]);
const DOCTOR_TITLES = new Weighted<HcpTitle>([['chief', 12], ['associate_chief', 22], ['attending', 36], ['resident', 20], ['nurse', 10]]);
const GP_TITLES = new Weighted<HcpTitle>([['attending', 50], ['resident', 30], ['associate_chief', 10], ['chief', 2], ['nurse', 8]]);
const PHARMACIST_TITLES = new Weighted<HcpTitle>([['chief_pharmacist', 10], ['associate_chief_pharmacist', 20], ['pharmacist', 70]]);
const CHANNELS = new Weighted<InteractionChannel>([['visit', 45], ['wechat', 20], ['phone', 14], ['meeting', 8], ['other', 5], ['email', 4], ['seminar', 4]]);
const OUTCOMES: Record<InteractionChannel, Weighted<InteractionOutcome>> = {
  visit: new Weighted([['positive', 45], ['neutral', 35], ['negative', 8], ['no_contact', 12]]),
  phone: new Weighted([['positive', 35], ['neutral', 35], ['negative', 5], ['no_contact', 25]]),
  wechat: new Weighted([['positive', 40], ['neutral', 45], ['negative', 5], ['no_contact', 10]]),
  email: new Weighted([['neutral', 60], ['positive', 30], ['no_contact', 10]]),
  meeting: new Weighted([['positive', 60], ['neutral', 32], ['negative', 8]]),
  seminar: new Weighted([['positive', 60], ['neutral', 32], ['negative', 8]]),
  other: new Weighted([['neutral', 60], ['positive', 30], ['negative', 10]]),
};
const NOTES: Record<InteractionChannel, readonly string[]> = {
  visit: ['拜访{who}，沟通{product}在{topic}方面的应用。{reaction}。', '在{dept}与{who}交流{topic}，{reaction}。已留下{material}。', '跟进{who}上次提出的问题，补充介绍{product}的相关数据。{reaction}。'],
  phone: ['电话回访{who}，确认上次的资料已收到。{reaction}。', '与{who}电话沟通{topic}，{reaction}。'],
  wechat: ['通过微信向{who}发送{material}。{reaction}。', '{who}微信咨询{product}的用法，已按说明书答复。'],
  email: ['邮件向{who}发送{material}。'],
  meeting: ['在{dept}举办科室会，主题“{topic}”，{n}人参加。{reaction}。', '科室会：{topic}，由{who}主持讨论，{n}人参加。{reaction}。'],
  seminar: ['邀请{who}参加学术研讨会，围绕{topic}交流。{reaction}。'],
  other: ['{who}来电咨询{product}，已解答。'],
};
const NO_CONTACT: Record<InteractionChannel, readonly string[]> = {
  visit: REACTIONS.no_contact,
  meeting: REACTIONS.no_contact,
  seminar: ['对方临时有手术，未能参会'],
  phone: ['电话未接通，已发送短信说明来意', '对方在门诊，约定稍后回电'],
  wechat: ['消息暂未回复', '对方表示近期繁忙，稍后再联系'],
  email: ['邮件暂未回复'],
  other: ['未能联系上对方'],
};
const SERVICE_STATUSES = new Weighted<ServiceStatus>([['closed', 40], ['in_progress', 22], ['resolved', 20], ['open', 18]]);
const EFFECT = new Weighted([[5, 30], [4, 40], [3, 20], [2, 7], [1, 3]] as const);
const ORDER_WEIGHT: Record<InstitutionType, number> = { hospital: 3, pharmacy: 4, chain: 2, distributor: 5, clinic: 1, other: 0 };
const SENIOR: readonly (HcpTitle | null)[] = ['chief', 'associate_chief', 'chief_pharmacist', 'associate_chief_pharmacist'];
const LEVEL_NONE = 255;
const PAYMENTS = Object.fromEntries(Object.entries(PAYMENT_BY_TYPE).map(([type, weights]) => [type, new Weighted(weights)])) as Record<InstitutionType, Weighted<PaymentMethod>>;

/** Local (Asia/Shanghai) midnight of the day containing t. */
function dayStart(t: number): number {
  return Math.floor((t + LOCAL_OFFSET) / DAY) * DAY - LOCAL_OFFSET;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function money(cents: number): string {
  return `${Math.floor(cents / 100)}.${pad(cents % 100, 2)}`;
}

/** 18-digit resident ID number with a valid ISO 7064 MOD 11-2 check character. */
function residentId(area: string, birthday: string, sequence: number): string {
  const body = `${area}${birthday.replace(/-/g, '')}${pad(sequence, 3)}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * weights[i]!;
  return body + '10X98765432'[sum % 11];
}

export class CustomerDataGenerator {
  private readonly ids: IdSpace;
  private readonly seed: number;
  private readonly anchor: number;
  private readonly localMidnight: number;
  private readonly cities: City[];
  private readonly leaves: Leaf[] = [];
  private readonly regionManagers: (string | null)[] = [];
  private readonly nodes: TerritoryNode[] = [];
  /** Per profile city: district index → leaf index. */
  private readonly districtLeaf: number[][] = [];
  /** Cumulative weights of the profile's focus departments. */
  private readonly departmentWeights: Float64Array;
  private readonly products = new Map<string, { id: string; template: ProductTemplate }>();

  // Per institution (typed arrays: a few bytes each).
  private readonly instCity: Uint16Array;
  private readonly instDistrict: Uint8Array;
  private readonly instLeaf: Uint16Array;
  private readonly instClass: Uint8Array;
  private readonly instLevel: Uint8Array;
  private readonly instOrdinal: Int32Array;
  private readonly instDepartments: Uint8Array;
  private readonly personStart: Int32Array;
  /** Hospitals per city, for secondary affiliations. */
  private readonly cityHospitals: number[][];
  /** First chain (headquarters) of a brand in a city: "<city>:<brand>" → institution index. */
  private readonly chains = new Map<string, number>();
  private readonly sequences = new Map<number, number>();
  /** Set with the catalogue: products service templates can be about. */
  private productsOfKind: Record<'device' | 'injectable', string[]> = { device: [], injectable: [] };
  private serviceTemplates: readonly ServiceTemplate[] = SERVICE_TEMPLATES;

  constructor(
    private readonly sink: RowSink,
    private readonly plan: GenerationPlan,
  ) {
    if (!plan.team.reps.length) throw new Error('the team needs at least one rep');
    if (plan.sizes.institutions < 1) throw new Error('at least one institution is needed');
    this.ids = new IdSpace(plan.namespace);
    this.seed = hashString(`${plan.namespace}:${plan.seed}`);
    this.anchor = plan.anchor.getTime();
    this.localMidnight = dayStart(this.anchor);
    this.cities = plan.profile.cities.map((c) => cityByCode(c.code));
    let cumulative = 0;
    this.departmentWeights = Float64Array.from(plan.profile.departments.map((d) => (cumulative += d.weight)));
    const n = plan.sizes.institutions;
    this.instCity = new Uint16Array(n);
    this.instDistrict = new Uint8Array(n);
    this.instLeaf = new Uint16Array(n);
    this.instClass = new Uint8Array(n);
    this.instLevel = new Uint8Array(n);
    this.instOrdinal = new Int32Array(n);
    this.instDepartments = new Uint8Array(n);
    this.personStart = new Int32Array(n + 1);
    this.cityHospitals = this.cities.map(() => []);
  }

  async run(): Promise<void> {
    this.buildTerritories();
    this.planInstitutions();
    await this.writeTerritories();
    await this.writeCatalogue();
    await this.writeInstitutions();
    await this.writePeople();
    await this.writeInteractions();
    await this.writeOwnTasks();
    await this.writeOrders();
    await this.writeServiceRequests();
    await this.writeActivities();
    await this.writeRequirements();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers
  // ---------------------------------------------------------------------------------------------

  private nextIndex(table: number): number {
    const n = this.sequences.get(table) ?? 0;
    this.sequences.set(table, n + 1);
    return n;
  }

  /** The next id of a table whose rows are numbered as they are written. */
  private nextId(table: number): string {
    return this.ids.id(table, this.nextIndex(table));
  }

  private institutionId(j: number): string {
    return this.ids.id(TABLE.institution, j);
  }

  private departmentId(j: number, slot: number): string {
    return this.ids.id(TABLE.department, j * 16 + slot);
  }

  private personId(k: number): string {
    return this.ids.id(TABLE.person, k);
  }

  private progress(phase: string, done: number, total: number): void {
    if (this.plan.progress && (done % 2000 === 0 || done === total)) this.plan.progress(phase, done, total);
  }

  /** A working-hours moment `daysAgo` days before the anchor (weekends mostly moved to Friday). */
  private workTime(rng: Rng, daysAgo: number, weekendsOk = false): number {
    let t = this.localMidnight - daysAgo * DAY + 8.5 * HOUR + Math.floor(rng.next() * 9 * 60) * 60_000;
    const weekday = new Date(t + LOCAL_OFFSET).getUTCDay();
    if (!weekendsOk && (weekday === 0 || weekday === 6) && rng.chance(0.9)) t -= (weekday === 6 ? 1 : 2) * DAY;
    while (t > this.anchor) t -= DAY;
    return t;
  }

  /**
   * The day (days before the anchor) of row i of n spread over the past year, oldest first. Rows in
   * time order keep every "…, occurred_at" index appending at its newest pages, so a load of
   * millions of rows stays within the database's page cache.
   */
  private daysAgo(i: number, n: number): number {
    return 364 - Math.floor((i * 365) / Math.max(1, n));
  }

  private leafOf(j: number): Leaf {
    return this.leaves[this.instLeaf[j]!]!;
  }

  private typeOf(j: number): InstitutionType {
    return CLASS_TYPE[INSTITUTION_CLASSES[this.instClass[j]!]!];
  }

  private levelOf(j: number): HospitalLevel | null {
    const l = this.instLevel[j]!;
    return l === LEVEL_NONE ? null : HOSPITAL_LEVELS[l]!;
  }

  /** The department templates an institution draws from (hospitals: the company's focus list). */
  private departmentsOf(j: number): readonly DepartmentTemplate[] {
    const type = this.typeOf(j);
    return type === 'hospital' ? this.plan.profile.departments : (OTHER_DEPARTMENTS[type] ?? []);
  }

  private department(j: number, slot: number): DepartmentTemplate | null {
    return slot < 0 ? null : (this.departmentsOf(j)[slot] ?? null);
  }

  private focusDepartment(j: number, slot: number): FocusDepartment | null {
    return this.typeOf(j) === 'hospital' && slot >= 0 ? (this.plan.profile.departments[slot] ?? null) : null;
  }

  /** Products a rep discusses or sells at this institution / department. */
  private productsFor(j: number, slot: number): readonly string[] {
    const focus = this.focusDepartment(j, slot);
    if (focus) return focus.products;
    return this.plan.profile.productsByType[this.typeOf(j)] ?? this.plan.profile.departments[0]?.products ?? [];
  }

  private product(code: string): { id: string; template: ProductTemplate } {
    const p = this.products.get(code);
    if (!p) throw new Error(`the profile names product ${code}, which is not in its catalogue`);
    return p;
  }

  /** What an institution buys: a hospital, the products of all its departments. */
  private orderableProducts(j: number): readonly string[] {
    if (this.typeOf(j) !== 'hospital') return this.productsFor(j, -1);
    const codes = new Set<string>();
    for (let slot = 0; slot < this.instDepartments[j]!; slot++) for (const c of this.plan.profile.departments[slot]!.products) codes.add(c);
    return [...codes];
  }

  /** The rep of institution j's territory who owns row n (spread over the territory's reps). */
  private repFor(j: number, n: number): string {
    const { reps } = this.leafOf(j);
    return reps[n % reps.length]!;
  }

  /** Who logs an interaction: a rep of the territory, or on a co-visit the region's manager. */
  private ownerFor(j: number, rng: Rng, coVisit: number): string {
    const leaf = this.leafOf(j);
    const manager = this.regionManagers[leaf.region];
    return manager && rng.chance(coVisit) ? manager : leaf.reps[rng.int(leaf.reps.length)]!;
  }

  /** Institution index of person k (people are laid out institution by institution). */
  private institutionOf(k: number): number {
    let lo = 0;
    let hi = this.plan.sizes.institutions - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.personStart[mid]! <= k) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Department slot of person k at institution j, or -1. */
  private slotOf(k: number, j: number): number {
    const count = this.instDepartments[j]!;
    if (!count) return -1;
    if (this.typeOf(j) !== 'hospital') return Math.floor(hashUnit(this.seed, S.personDepartment, k) * count);
    if (hashUnit(this.seed, S.personAdmin, k) < 0.03) return -1;
    // Weighted among the hospital's first `count` focus departments.
    const target = hashUnit(this.seed, S.personDepartment, k) * this.departmentWeights[count - 1]!;
    let slot = 0;
    while (slot < count - 1 && this.departmentWeights[slot]! <= target) slot++;
    return slot;
  }

  private personCore(k: number, j = this.institutionOf(k)): PersonCore {
    const rng = Rng.at(this.seed, S.personCore, k);
    const slot = this.slotOf(k, j);
    const type = this.typeOf(j);
    const department = this.department(j, slot);
    let kind: PersonKind = 'hcp';
    let title: HcpTitle | null;
    if (type === 'hospital' || type === 'clinic') {
      if (slot < 0) {
        kind = 'administrator';
        title = rng.chance(0.5) ? 'chief' : 'other';
      } else if (department?.pharmacy) {
        kind = 'pharmacist';
        title = PHARMACIST_TITLES.pick(rng);
      } else {
        title = (type === 'clinic' ? GP_TITLES : DOCTOR_TITLES).pick(rng);
        if (title === 'nurse') kind = 'nurse';
      }
    } else if (type === 'pharmacy' || type === 'chain') {
      const u = rng.next();
      kind = u < 0.6 ? 'pharmacist' : u < 0.85 ? 'purchaser' : 'other';
      title = kind === 'pharmacist' ? 'pharmacist' : 'other';
    } else if (type === 'distributor') {
      kind = slot === 0 ? 'purchaser' : rng.chance(0.3) ? 'pharmacist' : 'other';
      title = kind === 'pharmacist' ? 'pharmacist' : 'other';
    } else {
      kind = 'other';
      title = rng.chance(0.5) ? 'attending' : 'other';
    }
    const gender: Gender = kind === 'nurse' ? (rng.chance(0.95) ? 'female' : 'male') : rng.chance(0.52) ? 'male' : 'female';
    const surname = SURNAME_TABLE.pick(rng);
    const last = GIVEN_LAST[gender === 'male' ? 'male' : 'female'];
    const first = GIVEN_FIRST[gender === 'male' ? 'male' : 'female'];
    let given = last[rng.int(last.length)]!;
    // One in seven given names has one character (张伟); a doubled one (婷婷) only for some women.
    if (!rng.chance(0.15)) {
      let lead = first[rng.int(first.length)]!;
      if (lead === given && !(gender === 'female' && rng.chance(0.3))) lead = first[(first.indexOf(lead) + 1) % first.length]!;
      given = `${lead}${given}`;
    }
    const tier = (SENIOR.includes(title) ? TIERS_SENIOR : TIERS_OTHER).pick(rng);
    return { k, j, slot, gender, surname, name: `${surname}${given}`, kind, title, tier, stage: STAGES.pick(rng) };
  }

  /** How a rep addresses the person: 王主任, 李医生, 张药师. */
  private address(core: PersonCore): string {
    return `${core.surname}${core.title ? TITLE_LABELS[core.title].address : '老师'}`;
  }

  /**
   * The people of institution j with their administrative roles: per department the first senior
   * person heads it, the next senior one is deputy, the first nurse is head nurse; a pharmacy's
   * first person manages the store.
   */
  private peopleOf(j: number): { cores: PersonCore[]; roles: Map<number, string>; heads: Map<number, number> } {
    const cores: PersonCore[] = [];
    for (let k = this.personStart[j]!; k < this.personStart[j + 1]!; k++) cores.push(this.personCore(k, j));
    const roles = new Map<number, string>();
    const heads = new Map<number, number>();
    const type = this.typeOf(j);
    if (type === 'pharmacy' || type === 'chain') {
      if (cores[0]) roles.set(cores[0].k, type === 'chain' ? ADMIN_ROLES.pharmacy[2] : ADMIN_ROLES.pharmacy[0]);
      return { cores, roles, heads };
    }
    const departments = this.departmentsOf(j);
    for (let slot = 0; slot < this.instDepartments[j]!; slot++) {
      const members = cores.filter((c) => c.slot === slot && c.kind !== 'nurse');
      const seniors = members.filter((c) => SENIOR.includes(c.title));
      // Hospital departments are headed by a senior (主任/副主任医师); elsewhere the first person leads.
      const head = type === 'hospital' ? seniors[0] : (seniors[0] ?? members[0]);
      if (!head) continue;
      heads.set(slot, head.k);
      const template = departments[slot]!;
      roles.set(head.k, type === 'distributor' ? (slot === 0 ? ADMIN_ROLES.distributor[0] : ADMIN_ROLES.distributor[2]) : template.pharmacy && type === 'hospital' ? ADMIN_ROLES.pharmacyHead : ADMIN_ROLES.departmentHead);
      const deputy = seniors.find((c) => c.k !== head.k);
      if (deputy && type === 'hospital') roles.set(deputy.k, ADMIN_ROLES.deputyHead);
      const nurse = cores.find((c) => c.slot === slot && c.kind === 'nurse');
      if (nurse) roles.set(nurse.k, ADMIN_ROLES.headNurse);
    }
    for (const c of cores) {
      if (c.kind === 'administrator') roles.set(c.k, ADMIN_ROLES.hospital[Math.floor(hashUnit(this.seed, S.adminRole, c.k) * ADMIN_ROLES.hospital.length)]!);
    }
    return { cores, roles, heads };
  }

  /** Street address of institution j (a pure function, reused for shipping addresses). */
  private addressOf(j: number): { district: string; street: string; full: string } {
    const rng = Rng.at(this.seed, S.institutionAddress, j);
    const city = this.cities[this.instCity[j]!]!;
    const district = city.districts[this.instDistrict[j]!]!;
    const street = `${rng.pick(ROADS)}${rng.between(1, 999)}号`;
    const province = city.province === city.name ? '' : city.province;
    return { district, street, full: `${province}${city.name}${district}${street}` };
  }

  private landline(rng: Rng, city: City): string {
    return `${city.phoneCode}-${rng.between(2, 8)}${pad(rng.int(10_000_000), 7)}`;
  }

  // ---------------------------------------------------------------------------------------------
  // Territories and institutions (planned in memory first: both are small)
  // ---------------------------------------------------------------------------------------------

  private buildTerritories(): void {
    const regionIndex = new Map<RegionCode, number>();
    const parents = new Map<string, TerritoryNode>();
    const node = (level: TerritoryLevel, name: string, code: string, parent: TerritoryNode | null): TerritoryNode => {
      const id = this.ids.id(TABLE.territory, this.nodes.length);
      const n = { id, parentId: parent?.id ?? null, level, name, code, path: `${parent?.path ?? '/'}${id}/` };
      this.nodes.push(n);
      return n;
    };
    const { reps, managers } = this.plan.team;
    this.plan.profile.cities.forEach((entry, c) => {
      const city = this.cities[c]!;
      let region = parents.get(`R-${city.region}`);
      if (!region) {
        region = node('region', REGIONS[city.region], `R-${city.region}`, null);
        parents.set(region.code, region);
        regionIndex.set(city.region, regionIndex.size);
        this.regionManagers.push(managers.length ? managers[(regionIndex.size - 1) % managers.length]! : null);
      }
      let province = parents.get(city.provinceCode);
      if (!province) {
        province = node('province', city.province, city.provinceCode, region);
        parents.set(province.code, province);
      }
      const cityNode = node('city', city.name, city.code, province);
      const count = leavesIn(entry);
      const districtLeaf: number[] = [];
      for (let l = 0; l < count; l++) {
        const from = Math.floor((l * city.districts.length) / count);
        const to = Math.floor(((l + 1) * city.districts.length) / count);
        const names = city.districts.slice(from, to).map(shortDistrict);
        const leafIndex = this.leaves.length;
        const leaf = node('territory', count === 1 ? `${city.short}·全市` : `${city.short}·${names.join('/')}`, `${city.code}-${pad(l + 1, 2)}`, cityNode);
        this.leaves.push({ node: leaf, city, region: regionIndex.get(city.region)!, reps: [] });
        for (let d = from; d < to; d++) districtLeaf[d] = leafIndex;
      }
      this.districtLeaf.push(districtLeaf);
    });
    // Rep i works territories 2i and 2i+1; with fewer reps they wrap round, with more they share.
    const rounds = Math.max(reps.length, Math.ceil(this.leaves.length / 2));
    for (let i = 0; i < rounds; i++) {
      const rep = reps[i % reps.length]!;
      for (const l of [(2 * i) % this.leaves.length, (2 * i + 1) % this.leaves.length]) {
        if (!this.leaves[l]!.reps.includes(rep)) this.leaves[l]!.reps.push(rep);
      }
    }
  }

  private planInstitutions(): void {
    const { profile, sizes } = this.plan;
    const cityTable = new Weighted(this.cities.map((c, i) => [i, c.weight] as const));
    const classTable = new Weighted(INSTITUTION_CLASSES.map((cls, i) => [i, profile.classMix[cls]] as const));
    const counters = new Map<string, number>();
    const weights = new Float64Array(sizes.institutions);
    for (let j = 0; j < sizes.institutions; j++) {
      const rng = Rng.at(this.seed, S.institutionPlan, j);
      const c = cityTable.pick(rng);
      const clsIndex = classTable.pick(rng);
      const cls = INSTITUTION_CLASSES[clsIndex]!;
      const city = this.cities[c]!;
      const key = `${c}:${cls}`;
      const ordinal = counters.get(key) ?? 0;
      counters.set(key, ordinal + 1);
      const district = districtOf(cls, city, ordinal) ?? rng.int(city.districts.length);
      const drawn = levelFor(cls, rng.next());
      // University-affiliated hospitals (the first names of the major list) are all 三级甲等.
      const level = cls === 'major' && ordinal < city.universities.length * 3 ? '3A' : drawn;
      this.instCity[j] = c;
      this.instDistrict[j] = district;
      this.instLeaf[j] = this.districtLeaf[c]![district]!;
      this.instClass[j] = clsIndex;
      this.instLevel[j] = level ? HOSPITAL_LEVELS.indexOf(level) : LEVEL_NONE;
      this.instOrdinal[j] = ordinal;
      const type = CLASS_TYPE[cls];
      if (type === 'hospital') {
        const [lo, hi] = departmentRange(level);
        this.instDepartments[j] = Math.min(rng.between(lo, hi), profile.departments.length);
        this.cityHospitals[c]!.push(j);
      } else {
        const others = OTHER_DEPARTMENTS[type]?.length ?? 0;
        this.instDepartments[j] = cls === 'clinic' ? Math.min(1, others) : others;
      }
      const brand = brandOf(cls, city, ordinal);
      if (cls === 'chain' && brand !== null && !this.chains.has(`${c}:${brand}`)) this.chains.set(`${c}:${brand}`, j);
      weights[j] = peopleWeight(cls, level) * (0.6 + 0.8 * rng.next());
    }
    // Largest-remainder allocation: exactly sizes.persons people, in proportion to the weights.
    let total = 0;
    for (const w of weights) total += w;
    const counts = new Int32Array(sizes.institutions);
    const remainders: { j: number; r: number }[] = [];
    let assigned = 0;
    for (let j = 0; j < sizes.institutions; j++) {
      const exact = (sizes.persons * weights[j]!) / total;
      counts[j] = Math.floor(exact);
      assigned += counts[j]!;
      remainders.push({ j, r: exact - counts[j]! });
    }
    remainders.sort((a, b) => b.r - a.r || a.j - b.j);
    for (let i = 0; i < sizes.persons - assigned; i++) counts[remainders[i]!.j]!++;
    for (let j = 0; j < sizes.institutions; j++) this.personStart[j + 1] = this.personStart[j]! + counts[j]!;
  }

  private async writeTerritories(): Promise<void> {
    const { sink, plan } = this;
    const at = new Date(this.anchor - 900 * DAY);
    for (const n of this.nodes) {
      await sink.add(TerritorySchema, { ...n, tenantId: plan.tenantId, createdAt: at, updatedAt: at });
    }
    const members: { territoryId: string; userId: string; role: 'rep' | 'manager' }[] = [];
    for (const leaf of this.leaves) for (const rep of leaf.reps) members.push({ territoryId: leaf.node.id, userId: rep, role: 'rep' });
    const regions = this.nodes.filter((n) => n.level === 'region');
    regions.forEach((r, i) => {
      const manager = this.regionManagers[i];
      if (manager) members.push({ territoryId: r.id, userId: manager, role: 'manager' });
    });
    for (const m of members) await sink.add(TerritoryMemberSchema, { id: this.nextId(TABLE.territoryMember), tenantId: plan.tenantId, ...m, createdAt: at });
  }

  private async writeCatalogue(): Promise<void> {
    const { sink, plan } = this;
    const at = new Date(this.anchor - 1000 * DAY);
    for (const [i, p] of plan.profile.products.entries()) {
      const id = this.ids.id(TABLE.product, i);
      this.products.set(p.code, { id, template: p });
      await sink.add(ProductSchema, { id, tenantId: plan.tenantId, code: p.code, name: p.name, genericName: p.genericName, spec: p.spec, category: p.category, status: p.status, createdAt: at, updatedAt: at });
    }
    const catalogue = plan.profile.products;
    this.productsOfKind = {
      device: catalogue.filter((p) => p.category === 'device').map((p) => p.code),
      injectable: catalogue.filter((p) => p.name.includes('注射')).map((p) => p.code),
    };
    this.serviceTemplates = SERVICE_TEMPLATES.filter((t) => !t.product || this.productsOfKind[t.product].length);
    for (const [i, f] of plan.profile.customFields.entries()) {
      await sink.add(CustomFieldSchema, {
        id: this.ids.id(TABLE.customField, i),
        tenantId: plan.tenantId,
        entity: f.entity,
        key: f.key,
        type: f.type,
        labelZh: f.labelZh,
        labelEn: f.labelEn,
        required: false,
        sensitive: false,
        options: (f.options ?? []).map((o) => ({ value: o.value, label: { 'zh-CN': o.zh, en: o.en } })),
        position: i + 1,
        archivedAt: null,
        createdAt: at,
        updatedAt: at,
      });
    }
  }

  private async writeInstitutions(): Promise<void> {
    const { sink, plan } = this;
    const total = plan.sizes.institutions;
    for (let j = 0; j < total; j++) {
      const rng = Rng.at(this.seed, S.institutionDetail, j);
      const cls = INSTITUTION_CLASSES[this.instClass[j]!]!;
      const type = CLASS_TYPE[cls];
      const level = this.levelOf(j);
      const city = this.cities[this.instCity[j]!]!;
      const leaf = this.leafOf(j);
      const name = institutionName(cls, city, this.instOrdinal[j]!, this.instDistrict[j]!, rng.next());
      const keys = nameKeys(name, 'organisation');
      const address = this.addressOf(j);
      const { heads, cores } = this.peopleOf(j);
      const pharmacySlot = this.departmentsOf(j).findIndex((d) => d.pharmacy);
      const mainContact = heads.get(pharmacySlot) ?? heads.values().next().value ?? cores[0]?.k;
      const brand = brandOf(cls, city, this.instOrdinal[j]!);
      const chain = cls === 'brandPharmacy' && brand !== null ? this.chains.get(`${this.instCity[j]}:${brand}`) : undefined;
      const createdAt = this.anchor - rng.between(500, 1400) * DAY;
      const tier: Tier | null = level === '3A' ? rng.pick(['A', 'A', 'B'] as const) : type === 'other' ? null : rng.pick(['A', 'B', 'B', 'C', 'C', null] as const);
      const stage = INSTITUTION_STAGES.pick(rng);
      const phone = this.landline(rng, city);
      const buys = type !== 'other' && type !== 'clinic';
      const id = this.institutionId(j);
      await sink.add(InstitutionSchema, {
        id,
        tenantId: plan.tenantId,
        externalId: `I${pad(j + 1, 7)}`,
        name,
        namePinyin: keys.full,
        nameInitials: keys.initials,
        type,
        hospitalLevel: level,
        parentId: chain !== undefined ? this.institutionId(chain) : null,
        territoryId: leaf.node.id,
        province: city.province,
        city: city.name,
        district: address.district,
        street: address.street,
        phone,
        website: type === 'hospital' && level?.startsWith('3') && rng.chance(0.5) ? `https://www.${keys.initials}.com.cn` : null,
        legalRepresentative: type === 'other' || !rng.chance(0.7) ? null : `${SURNAME_TABLE.pick(rng)}${GIVEN_LAST.male[rng.int(GIVEN_LAST.male.length)]}`,
        registeredPlace: city.province === city.name ? city.name : `${city.province}${city.name}`,
        mainContactId: mainContact === undefined ? null : this.personId(mainContact),
        procurementScale: buys && rng.chance(0.6) ? `年采购额约${rng.between(5, 300) * 10}万元` : null,
        budgetRange: buys && rng.chance(0.5) ? rng.pick(['50万元以下', '50–200万元', '200–500万元', '500–1000万元', '1000万元以上']) : null,
        procurementCycle: buys && rng.chance(0.6) ? rng.pick(['每月', '每季度', '每半年', '按需采购']) : null,
        tier,
        stage,
        custom: plan.profile.institutionCustom({ rng, type, level }),
        mergedIntoId: null,
        deletedAt: null,
        createdBy: this.repFor(j, j),
        createdAt: new Date(createdAt),
        updatedAt: new Date(createdAt + rng.int(Math.max(1, this.anchor - createdAt))),
      });
      await sink.add(ContactPointSchema, { id: this.nextId(TABLE.contactPoint), tenantId: plan.tenantId, ownerKind: 'institution', ownerId: id, kind: 'phone', value: phone, valueReversed: reversedDigits(phone), label: '总机', isPrimary: true, createdAt: new Date(createdAt) });
      await this.writeHistory('institution', id, tier, stage, createdAt, this.repFor(j, j), rng);
      const departments = this.departmentsOf(j);
      for (let slot = 0; slot < this.instDepartments[j]!; slot++) {
        const d = departments[slot]!;
        const head = heads.get(slot);
        await sink.add(DepartmentSchema, {
          id: this.departmentId(j, slot),
          tenantId: plan.tenantId,
          institutionId: id,
          name: d.name,
          specialty: d.specialty,
          phone: rng.chance(0.5) ? this.landline(rng, city) : null,
          headPersonId: head === undefined ? null : this.personId(head),
          createdAt: new Date(createdAt),
          updatedAt: new Date(createdAt),
        });
      }
      this.progress('institutions', j + 1, total);
    }
  }

  /** Tier and stage history: how the customer got to where it is. */
  private async writeHistory(kind: 'person' | 'institution', subjectId: string, tier: Tier | null, stage: LifecycleStage, createdAt: number, by: string, rng: Rng): Promise<void> {
    const { sink, plan } = this;
    const span = Math.max(DAY, this.anchor - createdAt);
    if (tier) {
      await sink.add(LifecycleChangeSchema, { id: this.nextId(TABLE.lifecycleChange), tenantId: plan.tenantId, subjectKind: kind, subjectId, field: 'tier', fromValue: null, toValue: tier, reason: LIFECYCLE_REASONS.tierInitial, changedBy: by, at: new Date(createdAt) });
      if (rng.chance(0.25)) {
        const previous = tier === 'A' ? 'B' : tier === 'B' ? rng.pick(['A', 'C']) : 'B';
        await sink.add(LifecycleChangeSchema, { id: this.nextId(TABLE.lifecycleChange), tenantId: plan.tenantId, subjectKind: kind, subjectId, field: 'tier', fromValue: previous, toValue: tier, reason: LIFECYCLE_REASONS.tierReview, changedBy: by, at: new Date(createdAt + Math.floor(span * (0.5 + 0.4 * rng.next()))) });
      }
    }
    // identified → prospect → active → dormant → lost, as far as the current stage.
    const path = LIFECYCLE_STAGES.slice(0, LIFECYCLE_STAGES.indexOf(stage) + 1);
    let previous: LifecycleStage | null = null;
    for (const [i, s] of path.entries()) {
      const at = createdAt + Math.floor((span * i) / path.length + rng.next() * (span / (path.length * 2)));
      await sink.add(LifecycleChangeSchema, { id: this.nextId(TABLE.lifecycleChange), tenantId: plan.tenantId, subjectKind: kind, subjectId, field: 'stage', fromValue: previous, toValue: s, reason: LIFECYCLE_REASONS[s], changedBy: by, at: new Date(at) });
      previous = s;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // People
  // ---------------------------------------------------------------------------------------------

  private async writePeople(): Promise<void> {
    const { sink, plan } = this;
    const total = plan.sizes.persons;
    const year = new Date(this.anchor).getUTCFullYear();
    for (let j = 0; j < plan.sizes.institutions; j++) {
      const { cores, roles } = this.peopleOf(j);
      const city = this.cities[this.instCity[j]!]!;
      const leaf = this.leafOf(j);
      for (const core of cores) {
        const { k, slot } = core;
        const rng = Rng.at(this.seed, S.personDetail, k);
        const id = this.personId(k);
        const keys = nameKeys(core.name);
        const createdAt = this.anchor - rng.between(400, 1100) * DAY;
        // The 8-digit suffix is a bijection of k, so numbers are unique within the company.
        const mobile = rng.chance(0.95) ? `${rng.pick(MOBILE_PREFIXES)}${pad(scramble8(k, this.seed), 8)}` : null;
        const [minAge, maxAge] = core.title === 'chief' || core.title === 'chief_pharmacist' ? [50, 62] : core.title?.startsWith('associate') ? [42, 55] : core.title === 'resident' ? [25, 33] : core.title === 'attending' ? [32, 45] : [26, 55];
        const birthday = `${year - rng.between(minAge, maxAge)}-${pad(rng.between(1, 12), 2)}-${pad(rng.between(1, 28), 2)}`;
        const idNumber = rng.chance(0.2) ? residentId(`${city.idCode}${pad(this.instDistrict[j]! + 1, 2)}`, birthday, rng.int(500) * 2 + (core.gender === 'male' ? 1 : 0)) : null;
        const department = this.department(j, slot);
        const role = roles.get(k) ?? null;
        const owner = this.repFor(j, k);
        await sink.add(PersonSchema, {
          id,
          tenantId: plan.tenantId,
          externalId: `P${pad(k + 1, 8)}`,
          kind: core.kind,
          name: core.name,
          namePinyin: keys.full,
          nameInitials: keys.initials,
          gender: core.gender,
          title: core.title,
          adminRole: role,
          specialty: department ? rng.pick(department.subspecialties) : null,
          primaryInstitutionId: this.institutionId(j),
          primaryDepartmentId: slot >= 0 ? this.departmentId(j, slot) : null,
          territoryId: leaf.node.id,
          tier: core.tier,
          stage: core.stage,
          mobile,
          email: rng.chance(0.35) ? `${keys.full}${rng.between(10, 99)}@${rng.pick(EMAIL_DOMAINS)}` : null,
          wechat: rng.chance(0.55) ? (rng.chance(0.5) ? `wxid_${mix36(this.seed, k)}` : `${keys.initials}${birthday.slice(0, 4)}`) : null,
          birthday: idNumber || rng.chance(0.5) ? birthday : null,
          idNumberEnc: idNumber ? encryptField(idNumber) : null,
          idNumberLast4: idNumber ? idNumber.slice(-4) : null,
          custom: plan.profile.personCustom({ rng, title: core.title, department: this.focusDepartment(j, slot) }),
          ownerId: owner,
          mergedIntoId: null,
          deletedAt: null,
          createdBy: owner,
          createdAt: new Date(createdAt),
          updatedAt: new Date(createdAt + rng.int(this.anchor - createdAt)),
        });
        await sink.add(AffiliationSchema, { id: this.ids.id(TABLE.affiliation, 2 * k), tenantId: plan.tenantId, personId: id, institutionId: this.institutionId(j), departmentId: slot >= 0 ? this.departmentId(j, slot) : null, position: role, isPrimary: true, createdAt: new Date(createdAt) });
        const hospitals = this.cityHospitals[this.instCity[j]!]!;
        if ((core.title === 'chief' || core.title === 'associate_chief') && hospitals.length > 1 && rng.chance(0.25)) {
          const other = hospitals[rng.int(hospitals.length)]!;
          if (other !== j) {
            const otherSlot = slot >= 0 && slot < this.instDepartments[other]! ? slot : -1;
            await sink.add(AffiliationSchema, { id: this.ids.id(TABLE.affiliation, 2 * k + 1), tenantId: plan.tenantId, personId: id, institutionId: this.institutionId(other), departmentId: otherSlot >= 0 ? this.departmentId(other, otherSlot) : null, position: rng.pick(SECONDARY_POSITIONS), isPrimary: false, createdAt: new Date(createdAt + 30 * DAY) });
          }
        }
        if (mobile) await sink.add(ContactPointSchema, { id: this.nextId(TABLE.contactPoint), tenantId: plan.tenantId, ownerKind: 'person', ownerId: id, kind: 'mobile', value: mobile, valueReversed: reversedDigits(mobile), label: '手机', isPrimary: true, createdAt: new Date(createdAt) });
        if (rng.chance(0.15)) {
          const office = this.landline(rng, city);
          await sink.add(ContactPointSchema, { id: this.nextId(TABLE.contactPoint), tenantId: plan.tenantId, ownerKind: 'person', ownerId: id, kind: 'phone', value: office, valueReversed: reversedDigits(office), label: '科室电话', isPrimary: !mobile, createdAt: new Date(createdAt) });
        }
        await this.writeHistory('person', id, core.tier, core.stage, createdAt, owner, rng);
        this.progress('people', k + 1, total);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Interactions, their participants and products, and the follow-up tasks
  // ---------------------------------------------------------------------------------------------

  /** A person a rep would talk to: A-tier and active customers far more often than lost ones. */
  private pickPerson(rng: Rng): PersonCore {
    const persons = this.plan.sizes.persons;
    for (;;) {
      const core = this.personCore(rng.int(persons));
      const tierWeight = core.tier === 'A' ? 1 : core.tier === 'B' ? 0.55 : core.tier === 'C' ? 0.3 : 0.15;
      const stageWeight = core.stage === 'active' ? 1 : core.stage === 'prospect' ? 0.7 : core.stage === 'identified' ? 0.4 : core.stage === 'dormant' ? 0.15 : 0.05;
      if (rng.next() < tierWeight * stageWeight) return core;
    }
  }

  /** Colleagues of a person in the same department (by slot), excluding the person. */
  private colleagues(core: PersonCore): number[] {
    const out: number[] = [];
    for (let k = this.personStart[core.j]!; k < this.personStart[core.j + 1]!; k++) {
      if (k !== core.k && this.slotOf(k, core.j) === core.slot) out.push(k);
    }
    return out;
  }

  private async writeInteractions(): Promise<void> {
    const { sink, plan } = this;
    const total = plan.sizes.interactions;
    if (total && !plan.sizes.persons) throw new Error('interactions need people');
    for (let i = 0; i < total; i++) {
      const rng = Rng.at(this.seed, S.interaction, i);
      const channel = CHANNELS.pick(rng);
      const core = this.pickPerson(rng);
      const { j, slot } = core;
      const leaf = this.leafOf(j);
      const occurredAt = this.workTime(rng, this.daysAgo(i, total), channel === 'wechat' || channel === 'phone');
      const outcome = OUTCOMES[channel].pick(rng);
      const people = [core.k];
      if (channel === 'meeting' || channel === 'seminar' || rng.chance(0.2)) {
        const wanted = channel === 'meeting' ? rng.between(3, 8) : channel === 'seminar' ? rng.between(1, 3) : 1;
        people.push(...rng.sample(this.colleagues(core), wanted));
      }
      // A 科室会 is attended by more of the department than the CRM tracks.
      const attendance = channel === 'meeting' ? people.length + rng.between(3, 12) : people.length;
      const department = this.department(j, slot);
      const topics = department?.topics ?? this.plan.profile.departments[0]!.topics;
      const productCodes = outcome === 'no_contact' ? [] : rng.sample(this.productsFor(j, slot), channel === 'visit' ? rng.between(1, 2) : 1);
      const products = productCodes.map((c) => this.product(c));
      const keyMessages = products.flatMap((p) => rng.sample(p.template.keyMessages, rng.between(1, 2))).slice(0, 3);
      const topic = rng.pick(topics);
      const values = {
        who: this.address(core),
        dept: department?.name ?? '药房',
        product: products[0]?.template.name ?? topic,
        topic,
        material: rng.pick(MATERIALS),
        reaction: rng.pick(outcome === 'no_contact' ? NO_CONTACT[channel] : REACTIONS[outcome]),
        n: attendance,
      };
      const notes = outcome === 'no_contact' ? fill('原计划与{who}沟通{topic}，{reaction}。', values) : fill(rng.pick(NOTES[channel]), values);
      const hasNextStep = outcome === 'no_contact' ? rng.chance(0.7) : rng.chance(0.35);
      const nextStep = hasNextStep ? (outcome === 'no_contact' ? '重新预约拜访时间' : fill(rng.pick(NEXT_STEPS), values)) : null;
      const nextStepDue = nextStep ? dayStart(occurredAt) + rng.between(3, 21) * DAY + 9 * HOUR : null;
      const ownerId = this.ownerFor(j, rng, 0.12);
      const id = this.ids.id(TABLE.interaction, i);
      const createdAt = Math.min(this.anchor, occurredAt + rng.between(5, 240) * 60_000);
      await sink.add(InteractionSchema, {
        id,
        tenantId: plan.tenantId,
        externalId: null,
        channel,
        occurredAt: new Date(occurredAt),
        institutionId: this.institutionId(j),
        departmentId: slot >= 0 ? this.departmentId(j, slot) : null,
        territoryId: leaf.node.id,
        ownerId,
        keyMessages,
        notes,
        outcome,
        nextStep,
        nextStepDue: nextStepDue === null ? null : new Date(nextStepDue),
        custom: plan.profile.interactionCustom({ rng, channel }),
        createdAt: new Date(createdAt),
        updatedAt: new Date(createdAt),
      });
      for (const k of people) {
        await sink.add(InteractionParticipantSchema, { id: this.nextId(TABLE.interactionParticipant), tenantId: plan.tenantId, interactionId: id, personId: this.personId(k), occurredAt: new Date(occurredAt) });
      }
      for (const p of products) {
        await sink.add(InteractionProductSchema, { id: this.nextId(TABLE.interactionProduct), tenantId: plan.tenantId, interactionId: id, productId: p.id });
      }
      if (nextStep && nextStepDue !== null) {
        await this.writeTask(rng, { title: nextStep, ownerId, dueAt: nextStepDue, createdAt, subjectId: this.personId(core.k), interactionId: id, description: notes });
      }
      this.progress('interactions', i + 1, total);
    }
  }

  /**
   * A task due at `dueAt`: open when due in the future; when past due mostly done, some cancelled,
   * some still open (overdue). Reminders already due are marked sent.
   */
  private async writeTask(
    rng: Rng,
    t: { title: string; ownerId: string; dueAt: number; createdAt: number; subjectId: string | null; interactionId: string | null; description: string | null; status?: 'open' | 'done' },
  ): Promise<void> {
    const remindAt = t.dueAt - DAY;
    let status: 'open' | 'done' | 'cancelled' = t.status ?? 'open';
    if (!t.status && t.dueAt < this.anchor) {
      // Recent follow-ups are often still open; old ones almost all closed.
      const stillOpen = this.anchor - t.dueAt < 14 * DAY ? 0.35 : 0.03;
      const u = rng.next();
      status = u < stillOpen ? 'open' : u < stillOpen + 0.04 ? 'cancelled' : 'done';
    }
    const completedAt = status === 'done' ? Math.min(this.anchor, Math.max(t.createdAt, t.dueAt - rng.between(0, 3) * DAY)) : null;
    await this.sink.add(TaskSchema, {
      id: this.nextId(TABLE.task),
      tenantId: this.plan.tenantId,
      title: t.title,
      description: t.description,
      ownerId: t.ownerId,
      dueAt: new Date(t.dueAt),
      remindAt: new Date(remindAt),
      remindedAt: remindAt <= this.anchor ? new Date(remindAt) : null,
      status,
      subjectKind: t.subjectId ? 'person' : null,
      subjectId: t.subjectId,
      interactionId: t.interactionId,
      completedAt: completedAt === null ? null : new Date(completedAt),
      createdBy: t.ownerId,
      createdAt: new Date(t.createdAt),
      updatedAt: new Date(completedAt ?? t.createdAt),
    });
  }

  /** Each team member's own to-dos: one overdue, one due in two days, one done. */
  private async writeOwnTasks(): Promise<void> {
    const users = [...new Set([...this.plan.team.reps, ...this.plan.team.managers])];
    for (const [u, ownerId] of users.entries()) {
      const rng = Rng.at(this.seed, S.tasks, u);
      const [overdue, soon, done] = rng.sample(OWN_TASKS, 3);
      const created = this.localMidnight - 25 * DAY;
      await this.writeTask(rng, { title: overdue!, ownerId, dueAt: this.localMidnight - 3 * DAY + 18 * HOUR, createdAt: created, subjectId: null, interactionId: null, description: null, status: 'open' });
      await this.writeTask(rng, { title: soon!, ownerId, dueAt: this.localMidnight + 2 * DAY + 18 * HOUR, createdAt: created, subjectId: null, interactionId: null, description: null, status: 'open' });
      await this.writeTask(rng, { title: done!, ownerId, dueAt: this.localMidnight - 20 * DAY + 18 * HOUR, createdAt: created, subjectId: null, interactionId: null, description: null, status: 'done' });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Orders, service requests, activities, custom requirements
  // ---------------------------------------------------------------------------------------------

  /** An institution that buys (or asks for service): distributors and pharmacies more often. */
  private pickBuyer(rng: Rng): number {
    const n = this.plan.sizes.institutions;
    for (let attempt = 0; attempt < 50; attempt++) {
      const j = rng.int(n);
      if (rng.next() * 5 < ORDER_WEIGHT[this.typeOf(j)]) return j;
    }
    return rng.int(n);
  }

  private async writeOrders(): Promise<void> {
    const { sink, plan } = this;
    const total = plan.sizes.orders;
    for (let o = 0; o < total; o++) {
      const rng = Rng.at(this.seed, S.order, o);
      const j = this.pickBuyer(rng);
      const type = this.typeOf(j);
      const leaf = this.leafOf(j);
      const orderedAt = this.workTime(rng, this.daysAgo(o, total));
      const codes = this.orderableProducts(j).filter((c) => this.product(c).template.status !== 'discontinued');
      const picked = rng.sample(codes.length ? codes : [...this.products.keys()], rng.between(1, 4));
      const id = this.ids.id(TABLE.purchaseOrder, o);
      let totalCents = 0;
      const lines = picked.map((code) => {
        const { id: productId, template: p } = this.product(code);
        const quantity = type === 'distributor' ? rng.between(50, 500) * 10 : type === 'hospital' ? rng.between(2, 50) * 10 : rng.between(5, 100);
        const unit = Math.round(p.price * 100 * (0.85 + 0.15 * rng.next()));
        totalCents += unit * quantity;
        return { p, quantity, unit, productId };
      });
      const local = new Date(orderedAt + LOCAL_OFFSET);
      await sink.add(PurchaseOrderSchema, {
        id,
        tenantId: plan.tenantId,
        externalId: null,
        subjectKind: 'institution',
        subjectId: this.institutionId(j),
        territoryId: leaf.node.id,
        orderNo: `PO${local.getUTCFullYear()}${pad(local.getUTCMonth() + 1, 2)}${pad(local.getUTCDate(), 2)}${pad(o + 1, 7)}`,
        orderedAt: new Date(orderedAt),
        paymentMethod: PAYMENTS[type].pick(rng),
        shippingAddress: this.addressOf(j).full,
        invoiceNo: rng.chance(0.9) ? `${pad(local.getUTCFullYear() % 100, 2)}${pad(rng.int(1e9), 9)}${pad(rng.int(1e9), 9)}` : null,
        remarks: rng.chance(0.15) ? rng.pick(ORDER_REMARKS) : null,
        totalAmount: money(totalCents),
        createdBy: this.repFor(j, o),
        createdAt: new Date(orderedAt),
        updatedAt: new Date(orderedAt),
      });
      for (const [position, line] of lines.entries()) {
        await sink.add(OrderLineSchema, {
          id: this.nextId(TABLE.orderLine),
          tenantId: plan.tenantId,
          orderId: id,
          position,
          productId: line.productId,
          productName: line.p.name,
          spec: line.p.spec,
          quantity: line.quantity,
          unitPrice: money(line.unit),
          lineTotal: money(line.unit * line.quantity),
        });
      }
      this.progress('orders', o + 1, total);
    }
  }

  private async writeServiceRequests(): Promise<void> {
    const { sink, plan } = this;
    for (let s = 0; s < plan.sizes.serviceRequests; s++) {
      const rng = Rng.at(this.seed, S.service, s);
      const byPerson = plan.sizes.persons > 0 && rng.chance(0.35);
      const core = byPerson ? this.personCore(rng.int(plan.sizes.persons)) : null;
      const j = core ? core.j : this.pickBuyer(rng);
      const leaf = this.leafOf(j);
      const template = rng.pick(this.serviceTemplates);
      const candidates = template.product ? this.productsOfKind[template.product] : core ? this.productsFor(j, core.slot) : this.orderableProducts(j);
      const productCode = rng.pick(candidates.length ? candidates : [...this.products.keys()]);
      const product = this.product(productCode).template.name;
      const status = SERVICE_STATUSES.pick(rng);
      const recent = status === 'open' || status === 'in_progress';
      const openedAt = this.workTime(rng, recent ? rng.int(30) : rng.between(20, 330));
      const resolvedAt = status === 'resolved' || status === 'closed' ? Math.min(this.anchor, openedAt + rng.between(1, 10) * DAY) : null;
      const closedAt = status === 'closed' && resolvedAt !== null ? Math.min(this.anchor, resolvedAt + rng.between(1, 7) * DAY) : null;
      await sink.add(ServiceRequestSchema, {
        id: this.ids.id(TABLE.serviceRequest, s),
        tenantId: plan.tenantId,
        subjectKind: core ? 'person' : 'institution',
        subjectId: core ? this.personId(core.k) : this.institutionId(j),
        territoryId: leaf.node.id,
        type: template.type,
        title: fill(template.title, { product }),
        description: template.description,
        status,
        ownerId: this.repFor(j, s),
        dueAt: new Date(openedAt + rng.between(3, 14) * DAY),
        resolution: resolvedAt !== null ? template.resolution : null,
        openedAt: new Date(openedAt),
        resolvedAt: resolvedAt === null ? null : new Date(resolvedAt),
        closedAt: closedAt === null ? null : new Date(closedAt),
        createdBy: this.repFor(j, s),
        createdAt: new Date(openedAt),
        updatedAt: new Date(closedAt ?? resolvedAt ?? openedAt),
      });
    }
  }

  private async writeActivities(): Promise<void> {
    const { sink, plan } = this;
    const templates = plan.profile.activities;
    const organiser = plan.team.managers[0] ?? plan.team.reps[0]!;
    for (let a = 0; a < plan.sizes.activities && templates.length; a++) {
      const rng = Rng.at(this.seed, S.activity, a);
      const template = templates[a % templates.length]!;
      const round = Math.floor(a / templates.length);
      const days = template.days < 0 ? Math.max(-360, template.days - round * 9) : template.days + round * 5;
      const startsAt = this.localMidnight + days * DAY + 9 * HOUR;
      const id = this.ids.id(TABLE.marketingActivity, a);
      const createdAt = Math.min(this.anchor, startsAt - 45 * DAY);
      await sink.add(MarketingActivitySchema, {
        id,
        tenantId: plan.tenantId,
        name: round ? `${template.name}（第${round + 1}期）` : template.name,
        type: template.type,
        startsAt: new Date(startsAt),
        location: template.location,
        description: template.description,
        createdBy: organiser,
        createdAt: new Date(createdAt),
        updatedAt: new Date(createdAt),
      });
      if (startsAt > this.anchor || !plan.sizes.persons) continue;
      const wanted = Math.min(plan.sizes.persons, Math.max(1, Math.round(plan.sizes.participants * (0.7 + 0.6 * rng.next()))));
      const chosen = new Set<number>();
      while (chosen.size < wanted) chosen.add(rng.int(plan.sizes.persons));
      for (const k of chosen) {
        await sink.add(ActivityParticipationSchema, {
          id: this.nextId(TABLE.activityParticipation),
          tenantId: plan.tenantId,
          activityId: id,
          subjectKind: 'person',
          subjectId: this.personId(k),
          effectRating: rng.chance(0.9) ? EFFECT.pick(rng) : null,
          notes: rng.chance(0.2) ? rng.pick(['积极参与讨论', '会后索取了讲义', '提问了不良反应的处理', '提前离场', '希望参加下一期']) : null,
          createdAt: new Date(startsAt),
        });
      }
    }
  }

  private async writeRequirements(): Promise<void> {
    const { sink, plan } = this;
    for (let r = 0; r < plan.sizes.requirements; r++) {
      const rng = Rng.at(this.seed, S.requirement, r);
      const j = this.pickBuyer(rng);
      const template = rng.pick(REQUIREMENTS);
      const createdAt = this.workTime(rng, rng.int(300));
      await sink.add(CustomRequirementSchema, {
        id: this.ids.id(TABLE.customRequirement, r),
        tenantId: plan.tenantId,
        subjectKind: 'institution',
        subjectId: this.institutionId(j),
        kind: template.kind,
        description: template.description,
        status: rng.pick(['open', 'open', 'met', 'met', 'met', 'declined'] as const),
        createdBy: this.repFor(j, r),
        createdAt: new Date(createdAt),
        updatedAt: new Date(createdAt),
      });
    }
  }
}

/** How many leaf territories a profile city is split into. */
function leavesIn(entry: { code: string; leaves?: number }): number {
  const city = cityByCode(entry.code);
  return Math.min(entry.leaves ?? defaultLeafCount(city), city.districts.length);
}

/** Leaf territories and regions of a profile: a team needs ⌈leaves / 2⌉ reps and one manager per region. */
export function territoryShape(profile: CompanyProfile): { leaves: number; regions: number } {
  return { leaves: profile.cities.reduce((n, c) => n + leavesIn(c), 0), regions: new Set(profile.cities.map((c) => cityByCode(c.code).region)).size };
}

/** A short base-36 handle derived from the person (for made-up WeChat ids). */
function mix36(seed: number, k: number): string {
  return Math.floor(hashUnit(seed, 99, k) * 36 ** 8).toString(36).padStart(8, '0');
}

/** Every table the generator writes (a re-generation replaces exactly these rows of a tenant). */
export const CUSTOMER_DATA_SCHEMAS = [
  TerritorySchema,
  TerritoryMemberSchema,
  ProductSchema,
  CustomFieldSchema,
  InstitutionSchema,
  DepartmentSchema,
  PersonSchema,
  AffiliationSchema,
  ContactPointSchema,
  LifecycleChangeSchema,
  InteractionSchema,
  InteractionParticipantSchema,
  InteractionProductSchema,
  TaskSchema,
  PurchaseOrderSchema,
  OrderLineSchema,
  ServiceRequestSchema,
  MarketingActivitySchema,
  ActivityParticipationSchema,
  CustomRequirementSchema,
] as const;

/** Generates one company's customer data into the sink (rows are queued; flush the sink after). */
export function generateCustomerData(sink: RowSink, plan: GenerationPlan): Promise<void> {
  return new CustomerDataGenerator(sink, plan).run();
}
