import type { Connection } from 'mysql2/promise';
import { sqlTime } from '../../server/infra/db.ts';
import { reclaimCutoff } from '../../server/ownership/rules/reclaim-due.ts';
import { DEFAULT_POOL_RULES, type PoolRules } from '../../server/ownership/rules/pool-rules.ts';
import { GIVEN_NAMES, MOBILE_PREFIXES, SURNAMES } from '../../server/demo/demo-vocabulary.ts';
import { searchDocument, searchTerms } from '../../server/customers/rules/search-text.ts';
import { insertRows, loadData, rng } from './dataset.ts';

/**
 * The company of `npm run bench:api`: a department tree (root → regions → teams of ten reps,
 * a manager per team and per region, one admin), `customers` customers with Chinese company
 * names (city + two-character trade name + business word + legal form), one or two contacts
 * each (Chinese names, unique mobile numbers on most), tags on a fifth, co-followers on 5%,
 * and `followUps` follow-ups spread over the customers' history, the latest of which sets
 * last_follow_up_at (and sometimes plans the next one, today included: the home cards).
 *
 * Customer i (0-based, id i + 1) by categoryOf(i), a hash: 0–4 in the pool, 5–9 in the reclaim warning
 * window, 10–12 key accounts (exempt), the rest safely owned.
 * Every value comes from the index and a seeded PRNG: the same spec loads the same company.
 */
export interface ApiDatasetSpec {
  customers: number;
  reps: number;
  followUps: number;
  now: Date;
  tz: string;
}

export interface ApiDatasetCounts {
  departments: number;
  users: number;
  customers: number;
  contacts: number;
  followers: number;
  followUps: number;
  tagged: number;
  terms: number;
}

export const API_POOL_ID = 1;
export const TEAM_SIZE = 10;
export const REGIONS = 20;
export const apiBenchRules = (): PoolRules => ({ ...DEFAULT_POOL_RULES, holdingCap: 1000, dailyClaimLimit: 1000 });

export const CITY_NAMES = [
  '上海', '北京', '深圳', '广州', '杭州', '苏州', '南京', '成都', '武汉', '西安', '重庆', '天津', '宁波', '无锡', '东莞', '佛山',
  '长沙', '郑州', '青岛', '济南', '合肥', '福州', '厦门', '昆明', '沈阳', '大连', '哈尔滨', '长春', '石家庄', '太原', '南昌', '南宁',
  '贵阳', '兰州', '珠海', '中山', '惠州', '常州', '南通', '温州',
] as const;
/** Characters of two-character trade names (恒通, 华信 …): 120² pairs. */
export const BRAND_CHARS = [...new Set(
  '恒通华信达鑫泰瑞丰盛博远正嘉禾天成宏海纳金鹏新峰汇中科普卓越明德安润和优品晨光景同创精诚启航锦程万象凯星辰蓝立永联东方佳世银河云帆宝利民长青图维欣荣旭日鸿运广源聚力凌致睿思朗美百川国耀元尚绿智易隆昌祥福顺兴旺富贵吉庆乐康宁静怡雅谦弘毅诺亿兆合义',
)].slice(0, 120);
export const BUSINESS_WORDS = [
  '科技', '电子', '贸易', '物流', '机械', '医疗器械', '生物医药', '网络科技', '信息技术', '软件', '新材料', '智能装备', '汽车零部件',
  '电气设备', '五金制品', '包装材料', '塑胶制品', '商贸', '连锁超市', '百货', '电子商务', '服饰', '健康科技', '教育科技', '文化传播',
  '融资租赁', '投资管理', '保险代理', '供应链管理', '冷链物流', '仓储服务', '数据科技', '云计算', '房地产开发', '物业服务', '建筑装饰',
  '新能源', '光伏科技', '储能技术', '电力工程', '餐饮管理', '食品', '茶饮', '环保科技', '化工', '纺织', '家具', '印刷', '广告', '咨询',
] as const;
const LEGAL_FORMS = ['有限公司', '有限公司', '有限公司', '有限公司', '有限公司', '有限公司', '有限公司', '有限公司', '股份有限公司', '集团有限公司'] as const;
const NAME_SPACE = CITY_NAMES.length * BRAND_CHARS.length * BRAND_CHARS.length * BUSINESS_WORDS.length;
/** Coprime with NAME_SPACE: i → i·P mod NAME_SPACE is a bijection, so every name differs. */
const NAME_STEP = 1_000_003;
export const TAG_NAMES = ['高意向', '续约', '价格敏感', '老板关注', '需要演示', '竞品在用', '预算已批', '多门店'] as const;
const STAGES = ['lead', 'contacted', 'opportunity'] as const;
const TYPES = ['call', 'visit', 'wechat', 'email', 'meeting'] as const;
const NOTES = [
  '电话沟通了采购计划，对方希望下周看演示', '拜访了客户，介绍了方案，对方对价格比较关注', '微信发了报价单和案例，等待反馈',
  '客户确认了预算，约了技术交流', '对方负责人出差，约定下周再联系', '回访使用情况，提出了两个改进需求', '参加了客户的内部评审会，整体反馈积极',
];

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const N = '\\N';
const ts = (ms: number | null): string => (ms === null ? N : sqlTime(new Date(Math.floor(ms))));

export const firstTeamId = 2 + REGIONS;
export const teamCount = (spec: ApiDatasetSpec) => Math.ceil(spec.reps / TEAM_SIZE);
export const teamOfRep = (repId: number): number => firstTeamId + Math.floor((repId - 1) / TEAM_SIZE);
export const regionOfTeam = (teamId: number, spec: ApiDatasetSpec): number => 2 + Math.floor(((teamId - firstTeamId) * REGIONS) / teamCount(spec));
/** User ids: reps 1..reps, then a manager per team, a manager per region, the admin. */
export const teamManagerId = (teamId: number, spec: ApiDatasetSpec) => spec.reps + 1 + (teamId - firstTeamId);
export const regionManagerId = (regionId: number, spec: ApiDatasetSpec) => spec.reps + teamCount(spec) + 1 + (regionId - 2);
export const adminId = (spec: ApiDatasetSpec) => spec.reps + teamCount(spec) + REGIONS + 1;
export const ownerOfCustomer = (i: number, reps: number): number => 1 + ((i * 7919) % reps);
/**
 * A hash of the index for the customer's other traits: i % 100 would tie them to the owner
 * (a rep's customers are i ≡ i0 mod reps), leaving some reps only pool customers, others
 * only warning-window ones.
 */
export function traitOf(i: number, salt: number): number {
  // murmur3's finaliser: every input bit reaches every output bit.
  let h = (i + Math.imul(salt, 0x9e3779b9)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
export const categoryOf = (i: number): number => traitOf(i, 0x9e37) % 100;
export const isPoolCustomer = (i: number) => categoryOf(i) < 5;

export function customerName(i: number): string {
  let j = (i * NAME_STEP) % NAME_SPACE;
  const city = CITY_NAMES[j % CITY_NAMES.length]!; j = Math.floor(j / CITY_NAMES.length);
  const b1 = BRAND_CHARS[j % BRAND_CHARS.length]!; j = Math.floor(j / BRAND_CHARS.length);
  const b2 = BRAND_CHARS[j % BRAND_CHARS.length]!; j = Math.floor(j / BRAND_CHARS.length);
  const word = BUSINESS_WORDS[j % BUSINESS_WORDS.length]!;
  return `${city}${b1}${b2}${word}${LEGAL_FORMS[i % LEGAL_FORMS.length]}`;
}

export const contactCountOf = (i: number): number => 1 + (traitOf(i, 0x51ed) % 2);

/** Contacts of customer i: one or two (index k counts contacts over the whole company). */
export function contactsOf(i: number, firstK: number, rand: () => number): Array<{ k: number; name: string; phone: string | null }> {
  const n = contactCountOf(i);
  return Array.from({ length: n }, (_, x) => {
    const k = firstK + x;
    const name = SURNAMES[Math.floor(rand() * SURNAMES.length)]! + GIVEN_NAMES[Math.floor(rand() * GIVEN_NAMES.length)]!;
    // Unique mobile numbers: a carrier prefix and k scrambled over 10^8 (odd, not a multiple of 5: a bijection).
    const phone = rand() < 0.8 ? MOBILE_PREFIXES[k % MOBILE_PREFIXES.length]! + String((k * 48_271) % 100_000_000).padStart(8, '0') : null;
    return { k, name, phone };
  });
}

interface Timeline { ownerId: number | null; lastOwnerId: number | null; level: string; stage: string; claimedAt: number | null; lastFollowUpAt: number | null; lastDealAt: number | null; poolEnteredAt: number | null }

function timelineOf(i: number, spec: ApiDatasetSpec, rand: () => number): Timeline {
  const now = spec.now.getTime();
  const r = apiBenchRules();
  const followUpCut = reclaimCutoff(spec.now, r.noFollowUpDays, spec.tz).getTime();
  const followUpWarn = reclaimCutoff(spec.now, r.noFollowUpDays - r.warnDaysBefore, spec.tz).getTime();
  const dealWarn = reclaimCutoff(spec.now, r.noDealDays - r.warnDaysBefore, spec.tz).getTime();
  const between = (a: number, b: number) => a + rand() * (b - a);
  const owner = ownerOfCustomer(i, spec.reps);
  const level = (() => { const x = rand(); return x < 0.2 ? 'A' : x < 0.6 ? 'B' : 'C'; })();
  const t: Timeline = { ownerId: owner, lastOwnerId: null, level, stage: STAGES[Math.floor(rand() * 3)]!, claimedAt: null, lastFollowUpAt: null, lastDealAt: null, poolEnteredAt: null };
  const cat = categoryOf(i);
  if (cat < 5) {
    t.ownerId = null;
    t.lastOwnerId = owner;
    t.poolEnteredAt = between(now - 90 * DAY, now - DAY);
    t.lastFollowUpAt = t.poolEnteredAt - between(DAY, 60 * DAY);
  } else if (cat < 10) {
    // In the warning window of the follow-up rule (not due yet).
    t.claimedAt = between(dealWarn + HOUR, followUpCut);
    t.lastFollowUpAt = between(followUpCut + MIN, followUpWarn - MIN);
    t.lastDealAt = between(t.claimedAt, t.lastFollowUpAt);
    t.stage = 'deal';
  } else if (cat < 13) {
    t.level = 'key';
    t.claimedAt = between(now - 400 * DAY, now - 60 * DAY);
    t.lastFollowUpAt = rand() < 0.8 ? between(t.claimedAt, now - DAY) : null;
  } else {
    t.claimedAt = between(now - 400 * DAY, now - 40 * DAY);
    t.lastDealAt = between(t.claimedAt, now - DAY);
    t.lastFollowUpAt = between(followUpWarn + HOUR, now - HOUR);
    t.stage = rand() < 0.5 ? 'deal' : 'repeat';
  }
  return t;
}

/** How many follow-ups customer i has, so that the company has about `followUps` in all. */
function followUpCountOf(i: number, spec: ApiDatasetSpec, hasLast: boolean): number {
  if (!hasLast) return 0;
  const mean = spec.followUps / (spec.customers * 0.98);
  const base = Math.floor(mean);
  // Spread between 1 and 2·mean while keeping the mean: the fractional part by index.
  const spread = ((i * 2654435761) >>> 0) % (2 * base - 1) - (base - 1);
  return Math.max(1, base + spread + (((i * 40503) % 1000) / 1000 < mean - base ? 1 : 0));
}

const CUSTOMER_COLUMNS = [
  'id', 'name', 'name_key', 'industry', 'size', 'region', 'source', 'level', 'stage', 'tags', 'owner_id', 'pool_id',
  'last_follow_up_at', 'claimed_at', 'last_deal_at', 'created_by', 'created_at', 'updated_at', 'last_owner_id', 'pool_entered_at', 'pool_reason',
  'search_text', 'search_phones',
];
const CONTACT_COLUMNS = ['customer_id', 'name', 'title', 'phone', 'phone_key', 'created_at'];
const FOLLOWER_COLUMNS = ['customer_id', 'user_id', 'created_at'];
const FOLLOW_UP_COLUMNS = ['customer_id', 'author_id', 'type', 'content', 'at', 'next_follow_up_at', 'created_at'];

/** Loads the company into a migrated, empty database through `conn` (LOAD DATA LOCAL allowed). */
export async function loadApiDataset(conn: Connection, spec: ApiDatasetSpec, log: (line: string) => void): Promise<ApiDatasetCounts> {
  const nowText = sqlTime(spec.now);
  await conn.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
  const teams = teamCount(spec);

  const departments: unknown[][] = [[1, '基准集团', null, '/1/', 0]];
  for (let r = 0; r < REGIONS; r++) departments.push([2 + r, `大区${r + 1}`, 1, `/1/${2 + r}/`, r]);
  for (let t = 0; t < teams; t++) {
    const id = firstTeamId + t;
    const region = regionOfTeam(id, spec);
    departments.push([id, `销售${t + 1}组`, region, `/1/${region}/${id}/`, t]);
  }
  await insertRows(conn, 'departments', ['id', 'name', 'parent_id', 'path', 'sort_order'], departments);

  const rand = rng(20260302);
  const person = () => SURNAMES[Math.floor(rand() * SURNAMES.length)]! + GIVEN_NAMES[Math.floor(rand() * GIVEN_NAMES.length)]!;
  const users: unknown[][] = [];
  for (let u = 1; u <= spec.reps; u++) users.push([u, `rep${u}`, person(), 'rep', teamOfRep(u), 'active', '销售代表', nowText]);
  for (let t = 0; t < teams; t++) users.push([teamManagerId(firstTeamId + t, spec), `mgr.team${t + 1}`, person(), 'manager', firstTeamId + t, 'active', '销售经理', nowText]);
  for (let r = 0; r < REGIONS; r++) users.push([regionManagerId(2 + r, spec), `mgr.region${r + 1}`, person(), 'manager', 2 + r, 'active', '大区总监', nowText]);
  users.push([adminId(spec), 'admin', '管理员', 'admin', 1, 'active', '管理员', nowText]);
  await insertRows(conn, 'users', ['id', 'wecom_user_id', 'name', 'role', 'department_id', 'status', 'position', 'created_at'], users);

  const r = apiBenchRules();
  await conn.query(
    `INSERT INTO pools (id, name, department_id, no_follow_up_days, no_deal_days, no_repeat_deal_days, warn_days_before, holding_cap, claim_cooldown_days, daily_claim_limit, exempt_levels, created_at, updated_at)
     VALUES (?, '公司公海', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [API_POOL_ID, r.noFollowUpDays, r.noDealDays, r.noRepeatDealDays, r.warnDaysBefore, r.holdingCap, r.claimCooldownDays, r.dailyClaimLimit, JSON.stringify(r.exemptLevels), nowText, nowText],
  );

  const counts: ApiDatasetCounts = { departments: departments.length, users: users.length, customers: 0, contacts: 0, followers: 0, followUps: 0, tagged: 0, terms: 0 };
  const createdAt = spec.now.getTime() - 500 * DAY;
  // Each stream regenerates the same rows from the same seeds.
  function* customers(): Generator<[number, Timeline]> {
    const rnd = rng(7);
    for (let i = 0; i < spec.customers; i++) yield [i, timelineOf(i, spec, rnd)];
  }
  function* withContacts(): Generator<[number, Array<{ k: number; name: string; phone: string | null }>]> {
    const rnd = rng(11);
    let k = 0;
    for (let i = 0; i < spec.customers; i++) {
      yield [i, contactsOf(i, k, rnd)];
      k += contactCountOf(i);
    }
  }
  const tagsOf = (i: number): string[] => {
    const t = traitOf(i, 0x7a65);
    if (t % 10 >= 2) return [];
    return [...new Set(t % 20 === 0 ? [TAG_NAMES[(t >>> 5) % 8]!, TAG_NAMES[(t >>> 9) % 8]!] : [TAG_NAMES[(t >>> 5) % 8]!])];
  };
  const docOf = (i: number, contacts: Array<{ name: string; phone: string | null }>) =>
    searchDocument(customerName(i), contacts.map((c) => ({ name: c.name, phoneKey: c.phone })));

  let t0 = performance.now();
  counts.customers = await loadData(conn, 'customers', CUSTOMER_COLUMNS, function* () {
    const contacts = withContacts();
    for (const [i, t] of customers()) {
      const id = i + 1;
      const tags = tagsOf(i);
      if (tags.length) counts.tagged++;
      const doc = docOf(i, contacts.next().value![1]);
      const updated = Math.max(t.claimedAt ?? 0, t.lastFollowUpAt ?? 0, t.poolEnteredAt ?? 0, createdAt);
      yield [
        id, customerName(i), `bench-${id}`, '制造业', '50-199人', CITY_NAMES[i % CITY_NAMES.length], '官网', t.level, t.stage,
        JSON.stringify(tags), t.ownerId ?? N, API_POOL_ID, ts(t.lastFollowUpAt), ts(t.claimedAt), ts(t.lastDealAt),
        t.ownerId ?? t.lastOwnerId ?? N, ts(createdAt + (i % 1000) * MIN), ts(updated), t.lastOwnerId ?? N, ts(t.poolEnteredAt),
        t.poolEnteredAt === null ? N : '客户暂无需求', doc.text, doc.phones,
      ].join('\t') + '\n';
    }
  });
  log(`  customers: ${counts.customers} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  t0 = performance.now();
  counts.contacts = await loadData(conn, 'customer_contacts', CONTACT_COLUMNS, function* () {
    for (const [i, contacts] of withContacts()) {
      for (const c of contacts) yield `${i + 1}\t${c.name}\t${N}\t${c.phone ?? N}\t${c.phone ?? N}\t${ts(createdAt)}\n`;
    }
  });
  log(`  contacts: ${counts.contacts} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // The search and tag index as reindexCustomerSearch writes it (same pure functions), loaded
  // in bulk: rows appended without a key, then the primary key built once by sorting.
  t0 = performance.now();
  await conn.query('ALTER TABLE customer_search_terms DROP PRIMARY KEY');
  counts.terms = await loadData(conn, 'customer_search_terms', ['term', 'customer_id'], function* () {
    for (const [i, contacts] of withContacts()) {
      for (const term of searchTerms(docOf(i, contacts))) yield `${term}\t${i + 1}\n`;
    }
  });
  await conn.query('ALTER TABLE customer_search_terms ADD PRIMARY KEY (term, customer_id)');
  await loadData(conn, 'customer_tags', ['customer_id', 'tag'], function* () {
    for (let i = 0; i < spec.customers; i++) for (const tag of tagsOf(i)) yield `${i + 1}\t${tag}\n`;
  });
  log(`  search index: ${counts.terms} terms in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Co-followers on 5% of owned customers: a teammate of the owner.
  counts.followers = await loadData(conn, 'customer_followers', FOLLOWER_COLUMNS, function* () {
    for (const [i, t] of customers()) {
      if (t.ownerId === null || traitOf(i, 0xf011) % 20 !== 7) continue;
      const team = teamOfRep(t.ownerId);
      const mate = 1 + (team - firstTeamId) * TEAM_SIZE + ((t.ownerId + 1 + (i % 7)) % TEAM_SIZE);
      if (mate === t.ownerId || mate > spec.reps) continue;
      yield `${i + 1}\t${mate}\t${ts(t.claimedAt)}\n`;
    }
  });

  t0 = performance.now();
  counts.followUps = await loadData(conn, 'follow_ups', FOLLOW_UP_COLUMNS, function* () {
    const rnd = rng(13);
    const today = spec.now.getTime();
    for (const [i, t] of customers()) {
      const n = followUpCountOf(i, spec, t.lastFollowUpAt !== null);
      const author = t.ownerId ?? t.lastOwnerId!;
      let at = t.lastFollowUpAt!;
      for (let x = 0; x < n; x++) {
        // The latest first (it is last_follow_up_at); some plan the next one, today for a few.
        let next = N;
        const plan = traitOf(i, 0x0b5e);
        if (x === 0 && t.ownerId !== null && plan % 5 === 0) next = ts(plan % 25 === 0 ? today + ((plan % 7) - 3) * HOUR : today + (1 + (plan % 14)) * DAY);
        yield `${i + 1}\t${author}\t${TYPES[(i + x) % TYPES.length]}\t${NOTES[(i + x) % NOTES.length]}\t${ts(at)}\t${next}\t${ts(at)}\n`;
        at -= (1 + rnd() * 20) * DAY;
      }
    }
  });
  log(`  follow-ups: ${counts.followUps} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await conn.query('SET SESSION foreign_key_checks = 1, unique_checks = 1');
  return counts;
}
