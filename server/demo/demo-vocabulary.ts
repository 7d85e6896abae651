import type { FollowUpType } from '../../entities/follow-up.entity.ts';

/**
 * The words the demo company is made of. Kept apart from the generator so the story
 * (who sells what to whom) reads in one place and the generator stays about structure.
 */

export type SalesGroup = 'east' | 'south';

export interface City {
  name: string;
  group: SalesGroup;
  /** How often customers come from here, relative to the other cities of the group. */
  weight: number;
  lat: number;
  lng: number;
  districts: readonly string[];
}

export const CITIES: readonly City[] = [
  { name: '上海', group: 'east', weight: 9, lat: 31.2304, lng: 121.4737, districts: ['浦东新区', '闵行区', '徐汇区', '静安区', '嘉定区', '松江区'] },
  { name: '杭州', group: 'east', weight: 6, lat: 30.2741, lng: 120.1551, districts: ['西湖区', '滨江区', '余杭区', '萧山区'] },
  { name: '苏州', group: 'east', weight: 6, lat: 31.2989, lng: 120.5853, districts: ['工业园区', '虎丘区', '吴中区', '相城区'] },
  { name: '南京', group: 'east', weight: 4, lat: 32.0603, lng: 118.7969, districts: ['江宁区', '鼓楼区', '建邺区', '栖霞区'] },
  { name: '宁波', group: 'east', weight: 3, lat: 29.8683, lng: 121.544, districts: ['鄞州区', '北仑区', '海曙区'] },
  { name: '无锡', group: 'east', weight: 3, lat: 31.4912, lng: 120.3119, districts: ['新吴区', '滨湖区', '梁溪区'] },
  { name: '深圳', group: 'south', weight: 9, lat: 22.5431, lng: 114.0579, districts: ['南山区', '福田区', '宝安区', '龙岗区', '龙华区'] },
  { name: '广州', group: 'south', weight: 7, lat: 23.1291, lng: 113.2644, districts: ['天河区', '番禺区', '黄埔区', '白云区', '海珠区'] },
  { name: '东莞', group: 'south', weight: 5, lat: 23.0207, lng: 113.7518, districts: ['松山湖', '长安镇', '虎门镇', '南城街道'] },
  { name: '佛山', group: 'south', weight: 4, lat: 23.0215, lng: 113.1214, districts: ['顺德区', '南海区', '禅城区'] },
  { name: '珠海', group: 'south', weight: 2, lat: 22.271, lng: 113.5767, districts: ['香洲区', '金湾区'] },
  { name: '厦门', group: 'south', weight: 2, lat: 24.4798, lng: 118.0894, districts: ['思明区', '湖里区', '集美区'] },
];

export const ROADS = ['科技路', '创业大道', '人民路', '中山路', '建设路', '长江路', '学府路', '工业大道', '滨江大道', '新华路', '星湖街', '金融街', '高新南路', '东环路'] as const;
export const BUILDINGS = ['', '', '', '国际大厦', '创新中心', '科技园A座', '商务广场', '产业园3号楼', '金融中心'] as const;

/** Two-character trade names; combined with a city and an industry word they make a company name. */
export const BRANDS = [
  '恒瑞', '华泰', '鼎盛', '博远', '正信', '嘉禾', '瑞丰', '天成', '宏达', '海纳', '金鹏', '新峰', '汇通', '中科',
  '普华', '卓越', '明德', '安信', '润和', '优品', '晨光', '远景', '同创', '精诚', '启航', '锦程', '万象', '凯瑞',
  '星辰', '蓝海', '立信', '永盛', '华联', '东方', '德润', '佳和', '盛世', '银河', '云帆', '宝利', '信达', '利民',
  '丰华', '长青', '宏图', '联创', '创维', '欣荣', '泰和', '旭日', '鸿运', '广源', '聚力', '凌云', '恒通', '致远',
  '睿思', '朗新', '方正', '美嘉', '百川', '国泰', '和信', '耀华', '新元', '尚品', '绿源', '鑫达', '智源', '易达',
] as const;

export interface Industry {
  name: string;
  /** Business words that follow the trade name: "恒瑞" + "精密机械" + "有限公司". */
  words: readonly string[];
  weight: number;
  /** What this kind of customer wants from a CRM; quoted in follow-ups. */
  needs: readonly string[];
}

export const INDUSTRIES: readonly Industry[] = [
  { name: '制造业', weight: 10, words: ['精密机械', '电子', '智能装备', '汽车零部件', '新材料', '模具', '电气设备', '五金制品', '包装材料', '塑胶制品'], needs: ['经销商管理', '报价审批线上化', '销售过程管理', '回款跟踪'] },
  { name: '零售', weight: 6, words: ['商贸', '连锁超市', '百货', '便利店管理', '电子商务', '服饰'], needs: ['门店巡店管理', '会员客户维护', '加盟商跟进'] },
  { name: '医疗', weight: 5, words: ['医疗器械', '生物医药', '医院管理', '健康科技', '口腔医疗'], needs: ['医院客户拜访签到', '代理商报备防撞单', '学术会议费用审批'] },
  { name: '教育', weight: 4, words: ['教育科技', '教育咨询', '文化传播', '职业技能培训'], needs: ['招生线索跟进', '课程顾问过程管理', '家长沟通留痕'] },
  { name: '金融', weight: 4, words: ['融资租赁', '投资管理', '保险代理', '资产管理'], needs: ['客户资料集中管理', '合规留痕', '理财经理离职交接'] },
  { name: '物流', weight: 5, words: ['物流', '供应链管理', '国际货运代理', '冷链物流', '仓储服务'], needs: ['货主客户跟进', '运价审批', '回款跟踪'] },
  { name: '互联网', weight: 6, words: ['网络科技', '信息技术', '软件', '数据科技', '云计算'], needs: ['销售漏斗和预测', '和企业微信打通', '线索分配'] },
  { name: '房地产', weight: 4, words: ['房地产开发', '物业服务', '置业', '建筑装饰'], needs: ['案场客户登记防撞单', '渠道报备', '置业顾问离职交接'] },
  { name: '能源', weight: 3, words: ['新能源', '光伏科技', '储能技术', '电力工程'], needs: ['项目型销售管理', '招投标跟进', '合同回款管理'] },
  { name: '餐饮', weight: 4, words: ['餐饮管理', '食品', '茶饮', '餐饮连锁'], needs: ['加盟商管理', '门店督导巡检', '大客户团餐跟进'] },
];

export const SIZES = [
  { size: '1-49人', weight: 34, seats: [5, 20], amount: [2, 8] },
  { size: '50-199人', weight: 34, seats: [15, 60], amount: [5, 30] },
  { size: '200-999人', weight: 22, seats: [50, 200], amount: [20, 80] },
  { size: '1000人以上', weight: 10, seats: [150, 800], amount: [50, 300] },
] as const;

export const SOURCES = [['官网', 25], ['展会', 20], ['转介绍', 15], ['电话开发', 25], ['老客户推荐', 15]] as const;
/** Customers whose history went through the public pool get this source. */
export const POOL_SOURCE = '公海领取';

export const PRODUCTS = ['星河CRM', '星河CRM专业版', '星河审批', '数据看板', '企业微信集成方案', '私有化部署方案'] as const;

export const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '田', '董', '潘', '袁', '蔡', '蒋', '余', '杜',
  '叶', '程', '魏', '苏', '吕', '丁', '沈', '任', '姚', '卢', '钟', '姜', '崔', '谭', '廖', '范', '汪', '陆', '金', '石',
] as const;
export const GIVEN_NAMES = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平',
  '刚', '建华', '晓东', '海燕', '志强', '文博', '子涵', '雨桐', '浩然', '思远', '佳怡', '俊杰', '欣怡', '宇航', '嘉豪',
  '晨', '鹏', '斌', '辉', '颖', '玲', '琳', '婷', '雪', '梅', '红', '华', '峰', '凯', '亮', '鑫', '宁', '国庆', '立新',
] as const;

/** Contact titles and how a rep addresses that person in notes (王总, 李经理, 张工). */
export const CONTACT_TITLES = [
  { title: '总经理', address: '总', weight: 14 },
  { title: '副总经理', address: '总', weight: 6 },
  { title: '采购经理', address: '经理', weight: 14 },
  { title: 'IT主管', address: '工', weight: 12 },
  { title: '信息部经理', address: '经理', weight: 8 },
  { title: '财务总监', address: '总监', weight: 8 },
  { title: '销售总监', address: '总监', weight: 10 },
  { title: '运营总监', address: '总监', weight: 6 },
  { title: '行政经理', address: '经理', weight: 6 },
  { title: '董事长助理', address: '', weight: 4 },
] as const;

/** Mobile prefixes of the three carriers; contacts get 1[3-9]x + 8 digits. */
export const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '166', '173', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199',
] as const;

export const TAGS = {
  general: ['决策链长', '价格敏感', '老板关注', '需要演示', '多门店', '私有化需求', '有IT团队'],
  opportunity: ['高意向', '预算已批', '竞品在用', '需要演示'],
  won: ['续约', '可转介绍', '增购机会'],
  lost: ['竞品在用', '价格敏感', '预算不足'],
} as const;

/**
 * Follow-up notes as reps write them, by the phase of the deal. Placeholders:
 * {c} the contact as addressed (王总), {p} a product, {need} a need of the industry,
 * {amt} an amount in 万元, {n} a number of seats.
 */
export type NotePhase = 'early' | 'mid' | 'sign' | 'post' | 'renew' | 'dormant' | 'lost' | 'success' | 'assist';
export interface NoteTemplate {
  type: FollowUpType;
  text: string;
}

/** Within a phase the notes are listed in story order; a customer's notes keep that order. */
export const NOTES: Record<NotePhase, readonly NoteTemplate[]> = {
  early: [
    { type: 'call', text: '电话初次沟通，{c}对{p}有兴趣，约了下周详细聊' },
    { type: 'call', text: '电话回访展会留资，{c}确认有{need}的需求，下周再约' },
    { type: 'wechat', text: '加了{c}企业微信，发了产品介绍和同行业案例' },
    { type: 'email', text: '给{c}发了公司介绍和{p}白皮书，附同行业客户名单' },
    { type: 'call', text: '打了两次电话没接通，微信留言了，等回复' },
    { type: 'call', text: '{c}回电，说今年想把{need}做起来，约了线上演示' },
    { type: 'call', text: '电话联系{c}，目前客户资料都在销售自己的Excel里，去年走了两个销售带走了一批客户，很头疼' },
    { type: 'wechat', text: '{c}微信问了大概价格区间，按{n}个账号给了个参考价' },
    { type: 'meeting', text: '线上会议简单介绍了{p}，{c}说要和老板汇报一下' },
    { type: 'visit', text: '上门拜访，见了{c}，初步了解需求：{need}' },
  ],
  mid: [
    { type: 'meeting', text: '线上演示{p}，{c}和IT主管参加，反馈不错，关注数据安全和权限' },
    { type: 'visit', text: '上门拜访，见了IT主管，确认需求：{need}' },
    { type: 'meeting', text: '和{c}开需求评审会，把{need}的流程梳理了一遍' },
    { type: 'other', text: '开通了{n}个席位的试用账号，试用两周' },
    { type: 'call', text: '跟{c}确认试用情况，销售团队用得还行，导入客户数据时遇到点问题' },
    { type: 'email', text: '发送正式方案和报价单，{n}个账号，合计约{amt}万元' },
    { type: 'call', text: '电话沟通了报价，客户希望下周再看一次按他们流程配置的演示' },
    { type: 'wechat', text: '{c}微信问了私有化部署的价格和周期，已回复' },
    { type: 'visit', text: '上门做方案汇报，{c}拉了销售和财务一起听，提了审批流程的问题' },
    { type: 'call', text: '客户在对比两家供应商，友商报价更低，准备申请折扣' },
    { type: 'email', text: '按{c}要求调整了报价，去掉了数据看板模块，合计约{amt}万元' },
    { type: 'wechat', text: '{c}说老板下周出差回来再拍板，先把合同模板发过去给法务看' },
  ],
  sign: [
    { type: 'visit', text: '上门商务谈判，{c}同意按{amt}万元签约，{n}个账号，走内部盖章流程' },
    { type: 'meeting', text: '签约会，{c}出席，合同金额{amt}万元，首付款下周到账' },
    { type: 'call', text: '合同回签了，{amt}万元，{n}个账号，已安排实施排期' },
  ],
  post: [
    { type: 'visit', text: '上线培训，给销售团队讲了移动端和企业微信侧边栏的用法，{n}人参加' },
    { type: 'call', text: '首付款已到账，和{c}确认二期上线时间' },
    { type: 'wechat', text: '客户反馈导入数据报错，已转客户成功部跟进' },
    { type: 'call', text: '回访使用情况，{c}反馈审批方便多了，提了两个报表需求' },
    { type: 'email', text: '发送使用月报，活跃率82%，建议给新销售再做一次培训' },
    { type: 'meeting', text: '季度业务回顾，{c}满意度不错，有续约意向' },
  ],
  renew: [
    { type: 'visit', text: '续约拜访，{c}确认续费并增购{n}个账号，合计{amt}万元' },
    { type: 'email', text: '增购合同已回签，{amt}万元，新账号本周开通' },
  ],
  dormant: [
    { type: 'call', text: '{c}说公司在调整组织架构，系统采购先放一放' },
    { type: 'call', text: '原对接人离职了，新负责人还没定，过段时间再跟' },
    { type: 'call', text: '{c}说今年预算冻结，项目暂缓，明年再联系' },
    { type: 'wechat', text: '节日问候，客户暂时没有新需求' },
  ],
  lost: [
    { type: 'call', text: '客户最终选择了友商，主要原因是价格，输单' },
    { type: 'other', text: '项目取消，客户内部决定自研' },
    { type: 'call', text: '输单复盘：决策链太长，一直没见到老板，友商直接找了老板' },
    { type: 'meeting', text: '客户评标结果出来了，我们没中，技术分不错但价格分低' },
  ],
  success: [
    { type: 'call', text: '客户成功回访：{c}反馈系统稳定，提了企业微信消息提醒太多的问题，已记录' },
    { type: 'visit', text: '客户成功上门巡检，帮客户梳理了客户分级和公海规则' },
    { type: 'wechat', text: '客户成功：拉了服务群，答疑了导出报表的问题' },
    { type: 'meeting', text: '客户成功：给新入职的{n}位销售做了线上培训' },
  ],
  assist: [
    { type: 'visit', text: '陪同拜访，给{c}讲解了技术架构和数据安全方案' },
    { type: 'meeting', text: '协助做售前演示，重点演示了审批和企业微信集成' },
    { type: 'call', text: '和客户IT对了一下接口对接方案，{need}可以实现' },
  ],
};

export const TRANSFER_REASONS = [
  '区域调整，客户划归{to}负责',
  '按行业重新划分客户，交给{to}跟进',
  '{from}客户太多，分流给{to}',
  '客户要求更换对接人',
] as const;
/**
 * Why a rep let a customer go back to the pool, as reps type it, by where the customer stood.
 * (The reclaim sweep words its own reason: see reclaimReason in pool/rules.)
 */
export const RELEASE_REASONS = {
  lead: ['电话是空号，联系不上', '客户规模太小，暂不跟进', '重复线索，客户已有对接销售'],
  prospect: [
    '客户暂时没有需求，释放回公海', '多次联系不上，先放回公海', '客户不在我负责的区域，释放给其他同事',
    '手上客户太多，释放给其他同事跟进', '客户说明年再考虑，先放公海', '客户规模太小，暂不跟进',
  ],
  dormant: ['客户暂无预算，明年再联系', '联系人离职，联系不上', '客户组织架构调整，项目暂停', '客户今年不考虑系统采购了'],
  lost: ['客户选了友商，输单释放', '项目取消，客户决定自研', '价格谈不拢，输单释放'],
} as const;
export const POOL_ASSIGN_REASON = '公海客户分配给{to}跟进';
/** A manager loads a trade-show list straight into the pool. */
export const POOL_IMPORT_REASON = '展会名单批量导入公海';
export const HANDOVER_REASON = '{from}离职，客户交接给{to}';
