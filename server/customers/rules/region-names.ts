/**
 * The administrative regions of China that reps put into company names ("广东省佛山市…",
 * "…（佛山）有限公司", "…佛山分公司"): all 34 provincial-level divisions and all 333
 * prefecture-level divisions (293 cities, 7 地区, 30 自治州, 3 盟), each in its short and its
 * full form. The duplicate check strips them so that a region word never makes a second record
 * of one company (see normalize-name.ts).
 *
 * Counties and districts are not listed (there are about 2,800 and they change every year): the
 * key recognises them by shape (2–4 Han characters ending in 区/县/旗/市) but only directly after
 * a province or city, or alone in brackets.
 */

/** A region in its forms: the short form first ("佛山"), then the official and common full forms. */
export type RegionForms = readonly [short: string, ...full: string[]];

export interface ProvincialDivision {
  forms: RegionForms;
  /** Its prefecture-level divisions; empty for the municipalities and the special administrative regions. */
  prefectures: readonly RegionForms[];
}

/** A prefecture-level city: "佛山" / "佛山市". */
const city = (short: string): RegionForms => [short, `${short}市`];
/** A prefecture (地区): "阿里" / "阿里地区". */
const prefecture = (short: string): RegionForms => [short, `${short}地区`];
/** A league (盟) of Inner Mongolia: "兴安" / "兴安盟". */
const league = (short: string): RegionForms => [short, `${short}盟`];
/** An autonomous prefecture: "延边" / "延边州" / "延边朝鲜族自治州" (+ other common short forms). */
const autonomous = (short: string, full: string, ...aliases: string[]): RegionForms => [short, `${short}州`, full, ...aliases];

const cities = (...shorts: string[]): RegionForms[] => shorts.map(city);

export const PROVINCIAL_DIVISIONS: readonly ProvincialDivision[] = [
  // Municipalities (直辖市)
  { forms: ['北京', '北京市'], prefectures: [] },
  { forms: ['天津', '天津市'], prefectures: [] },
  { forms: ['上海', '上海市'], prefectures: [] },
  { forms: ['重庆', '重庆市'], prefectures: [] },
  // Provinces (省)
  { forms: ['河北', '河北省'], prefectures: cities('石家庄', '唐山', '秦皇岛', '邯郸', '邢台', '保定', '张家口', '承德', '沧州', '廊坊', '衡水') },
  { forms: ['山西', '山西省'], prefectures: cities('太原', '大同', '阳泉', '长治', '晋城', '朔州', '晋中', '运城', '忻州', '临汾', '吕梁') },
  { forms: ['辽宁', '辽宁省'], prefectures: cities('沈阳', '大连', '鞍山', '抚顺', '本溪', '丹东', '锦州', '营口', '阜新', '辽阳', '盘锦', '铁岭', '朝阳', '葫芦岛') },
  {
    forms: ['吉林', '吉林省'],
    prefectures: [...cities('长春', '吉林', '四平', '辽源', '通化', '白山', '松原', '白城'), autonomous('延边', '延边朝鲜族自治州')],
  },
  {
    forms: ['黑龙江', '黑龙江省'],
    prefectures: [
      ...cities('哈尔滨', '齐齐哈尔', '鸡西', '鹤岗', '双鸭山', '大庆', '伊春', '佳木斯', '七台河', '牡丹江', '黑河', '绥化'),
      prefecture('大兴安岭'),
    ],
  },
  { forms: ['江苏', '江苏省'], prefectures: cities('南京', '无锡', '徐州', '常州', '苏州', '南通', '连云港', '淮安', '盐城', '扬州', '镇江', '泰州', '宿迁') },
  { forms: ['浙江', '浙江省'], prefectures: cities('杭州', '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山', '台州', '丽水') },
  {
    forms: ['安徽', '安徽省'],
    prefectures: cities('合肥', '芜湖', '蚌埠', '淮南', '马鞍山', '淮北', '铜陵', '安庆', '黄山', '滁州', '阜阳', '宿州', '六安', '亳州', '池州', '宣城'),
  },
  { forms: ['福建', '福建省'], prefectures: cities('福州', '厦门', '莆田', '三明', '泉州', '漳州', '南平', '龙岩', '宁德') },
  { forms: ['江西', '江西省'], prefectures: cities('南昌', '景德镇', '萍乡', '九江', '新余', '鹰潭', '赣州', '吉安', '宜春', '抚州', '上饶') },
  {
    forms: ['山东', '山东省'],
    prefectures: cities('济南', '青岛', '淄博', '枣庄', '东营', '烟台', '潍坊', '济宁', '泰安', '威海', '日照', '临沂', '德州', '聊城', '滨州', '菏泽'),
  },
  {
    forms: ['河南', '河南省'],
    prefectures: cities('郑州', '开封', '洛阳', '平顶山', '安阳', '鹤壁', '新乡', '焦作', '濮阳', '许昌', '漯河', '三门峡', '南阳', '商丘', '信阳', '周口', '驻马店'),
  },
  {
    forms: ['湖北', '湖北省'],
    prefectures: [
      ...cities('武汉', '黄石', '十堰', '宜昌', '襄阳', '鄂州', '荆门', '孝感', '荆州', '黄冈', '咸宁', '随州'),
      autonomous('恩施', '恩施土家族苗族自治州'),
    ],
  },
  {
    forms: ['湖南', '湖南省'],
    prefectures: [
      ...cities('长沙', '株洲', '湘潭', '衡阳', '邵阳', '岳阳', '常德', '张家界', '益阳', '郴州', '永州', '怀化', '娄底'),
      autonomous('湘西', '湘西土家族苗族自治州'),
    ],
  },
  {
    forms: ['广东', '广东省'],
    prefectures: cities(
      '广州', '韶关', '深圳', '珠海', '汕头', '佛山', '江门', '湛江', '茂名', '肇庆', '惠州',
      '梅州', '汕尾', '河源', '阳江', '清远', '东莞', '中山', '潮州', '揭阳', '云浮',
    ),
  },
  { forms: ['海南', '海南省'], prefectures: cities('海口', '三亚', '三沙', '儋州') },
  {
    forms: ['四川', '四川省'],
    prefectures: [
      ...cities('成都', '自贡', '攀枝花', '泸州', '德阳', '绵阳', '广元', '遂宁', '内江', '乐山', '南充', '眉山', '宜宾', '广安', '达州', '雅安', '巴中', '资阳'),
      autonomous('阿坝', '阿坝藏族羌族自治州'),
      autonomous('甘孜', '甘孜藏族自治州'),
      autonomous('凉山', '凉山彝族自治州'),
    ],
  },
  {
    forms: ['贵州', '贵州省'],
    prefectures: [
      ...cities('贵阳', '六盘水', '遵义', '安顺', '毕节', '铜仁'),
      autonomous('黔西南', '黔西南布依族苗族自治州'),
      autonomous('黔东南', '黔东南苗族侗族自治州'),
      autonomous('黔南', '黔南布依族苗族自治州'),
    ],
  },
  {
    forms: ['云南', '云南省'],
    prefectures: [
      ...cities('昆明', '曲靖', '玉溪', '保山', '昭通', '丽江', '普洱', '临沧'),
      autonomous('楚雄', '楚雄彝族自治州'),
      autonomous('红河', '红河哈尼族彝族自治州'),
      autonomous('文山', '文山壮族苗族自治州'),
      autonomous('西双版纳', '西双版纳傣族自治州'),
      autonomous('大理', '大理白族自治州'),
      autonomous('德宏', '德宏傣族景颇族自治州'),
      autonomous('怒江', '怒江傈僳族自治州'),
      autonomous('迪庆', '迪庆藏族自治州'),
    ],
  },
  { forms: ['陕西', '陕西省'], prefectures: cities('西安', '铜川', '宝鸡', '咸阳', '渭南', '延安', '汉中', '榆林', '安康', '商洛') },
  {
    forms: ['甘肃', '甘肃省'],
    prefectures: [
      ...cities('兰州', '嘉峪关', '金昌', '白银', '天水', '武威', '张掖', '平凉', '酒泉', '庆阳', '定西', '陇南'),
      autonomous('临夏', '临夏回族自治州'),
      autonomous('甘南', '甘南藏族自治州'),
    ],
  },
  {
    forms: ['青海', '青海省'],
    prefectures: [
      ...cities('西宁', '海东'),
      autonomous('海北', '海北藏族自治州'),
      autonomous('黄南', '黄南藏族自治州'),
      autonomous('海南', '海南藏族自治州'),
      autonomous('果洛', '果洛藏族自治州'),
      autonomous('玉树', '玉树藏族自治州'),
      autonomous('海西', '海西蒙古族藏族自治州'),
    ],
  },
  { forms: ['台湾', '台湾省'], prefectures: [] },
  // Autonomous regions (自治区)
  {
    forms: ['内蒙古', '内蒙古自治区', '内蒙'],
    prefectures: [
      ...cities('呼和浩特', '包头', '乌海', '赤峰', '通辽', '鄂尔多斯', '呼伦贝尔', '巴彦淖尔', '乌兰察布'),
      league('兴安'),
      league('锡林郭勒'),
      league('阿拉善'),
    ],
  },
  { forms: ['广西', '广西壮族自治区', '广西自治区'], prefectures: cities('南宁', '柳州', '桂林', '梧州', '北海', '防城港', '钦州', '贵港', '玉林', '百色', '贺州', '河池', '来宾', '崇左') },
  {
    forms: ['西藏', '西藏自治区'],
    prefectures: [...cities('拉萨', '日喀则', '昌都', '林芝', '山南', '那曲'), prefecture('阿里')],
  },
  { forms: ['宁夏', '宁夏回族自治区', '宁夏自治区'], prefectures: cities('银川', '石嘴山', '吴忠', '固原', '中卫') },
  {
    forms: ['新疆', '新疆维吾尔自治区', '新疆自治区'],
    prefectures: [
      ...cities('乌鲁木齐', '克拉玛依', '吐鲁番', '哈密'),
      prefecture('阿克苏'),
      prefecture('喀什'),
      prefecture('和田'),
      prefecture('塔城'),
      prefecture('阿勒泰'),
      autonomous('昌吉', '昌吉回族自治州'),
      autonomous('博尔塔拉', '博尔塔拉蒙古自治州', '博州'),
      autonomous('巴音郭楞', '巴音郭楞蒙古自治州', '巴州'),
      autonomous('克孜勒苏', '克孜勒苏柯尔克孜自治州', '克州'),
      autonomous('伊犁', '伊犁哈萨克自治州'),
    ],
  },
  // Special administrative regions (特别行政区)
  { forms: ['香港', '香港特别行政区', '香港特区'], prefectures: [] },
  { forms: ['澳门', '澳门特别行政区', '澳门特区'], prefectures: [] },
];

/**
 * Short forms that are also everyday words or well-known brand stems ("白银" silver, "大理石"
 * marble, "阿里巴巴", "北海道", "朝阳" sunrise, "安康" well-being, "普洱" tea …). As the first
 * word of a name they are stripped only in their full form ("白银市…"); in brackets, or before
 * or after a legal suffix, they are regions like any other.
 */
export const AMBIGUOUS_SHORT_FORMS: ReadonlySet<string> = new Set([
  '白银', '安康', '来宾', '普洱', '大理', '北海', '玉树', '朝阳', '兴安', '阿里', '和田',
]);

const byLengthDesc = (words: Iterable<string>): readonly string[] =>
  [...new Set(words)].sort((a, b) => b.length - a.length || a.localeCompare(b));

/** Every form of every provincial-level division, longest first (for longest-match). */
export const PROVINCE_WORDS: readonly string[] = byLengthDesc(PROVINCIAL_DIVISIONS.flatMap((p) => p.forms));

/** Every form of every prefecture-level division, longest first (for longest-match). */
export const PREFECTURE_WORDS: readonly string[] = byLengthDesc(PROVINCIAL_DIVISIONS.flatMap((p) => p.prefectures.flat()));

/**
 * Region words recognised only as a whole bracketed group: the country ("恒通（中国）有限公司",
 * "Acme (China) Co., Ltd.") and the English names foreign companies put in brackets.
 */
export const BRACKET_ONLY_REGION_WORDS: ReadonlySet<string> = new Set([
  '中国', '中华人民共和国', 'china', 'prc', 'hongkong', 'hk', 'macau', 'macao',
]);
