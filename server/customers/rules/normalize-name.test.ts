import { describe, expect, it } from 'vitest';
import { customerNameKey, NAME_KEY_MAX_LENGTH, nameKeyMessages, nameKeyProblem, phoneKey } from './normalize-name.ts';

const key = customerNameKey;
const BASE = '恒通电力工程有限公司';
const BASE_KEY = '恒通电力工程';

describe('customerNameKey', () => {
  it.each([
    ['华为技术有限公司', '华为技术'],
    ['华为技术', '华为技术'],
    [' 华为 技术 有限责任公司 ', '华为技术'],
    ['华为技术股份有限公司', '华为技术'],
    ['华为技术　有限公司', '华为技术'], // ideographic space
    ['ＡＢＣ科技有限公司', 'abc科技'], // full-width letters
    ['abc科技', 'abc科技'],
    ['ABC 科技', 'abc科技'],
    ['Acme Co., Ltd.', 'acme'],
    ['ACME Inc', 'acme'],
    // A bracketed region is dropped now (it used to stay in the key as "(深圳)").
    ['腾讯科技（深圳）有限公司', '腾讯科技'],
    ['腾讯科技(深圳)有限公司', '腾讯科技'],
  ])('should map "%s" to "%s" when normalising', (input, expected) => {
    expect(key(input)).toBe(expected);
  });

  it('should never strip a name down to nothing when it is only suffixes', () => {
    expect(key('有限公司')).not.toBe('');
    expect(key('Co., Ltd.')).not.toBe('');
    expect(key('集团公司')).not.toBe('');
  });

  it('should keep different companies apart when only the suffix matches', () => {
    expect(key('华为技术有限公司')).not.toBe(key('华为终端有限公司'));
  });

  describe('invisible and format characters', () => {
    it.each([
      ['U+200B zero-width space', '\u200B'],
      ['U+200C zero-width non-joiner', '\u200C'],
      ['U+200D zero-width joiner', '\u200D'],
      ['U+2060 word joiner', '\u2060'],
      ['U+00AD soft hyphen', '\u00AD'],
      ['U+FEFF byte order mark', '\uFEFF'],
      ['U+200E left-to-right mark', '\u200E'],
      ['U+200F right-to-left mark', '\u200F'],
      ['U+061C Arabic letter mark', '\u061C'],
      ['U+202A left-to-right embedding', '\u202A'],
      ['U+202B right-to-left embedding', '\u202B'],
      ['U+202C pop directional formatting', '\u202C'],
      ['U+202D left-to-right override', '\u202D'],
      ['U+202E right-to-left override', '\u202E'],
      ['U+2066 left-to-right isolate', '\u2066'],
      ['U+2067 right-to-left isolate', '\u2067'],
      ['U+2068 first strong isolate', '\u2068'],
      ['U+2069 pop directional isolate', '\u2069'],
      ['U+2061 function application', '\u2061'],
      ['U+2062 invisible times', '\u2062'],
      ['U+2063 invisible separator', '\u2063'],
      ['U+2064 invisible plus', '\u2064'],
      ['U+180E Mongolian vowel separator', '\u180E'],
      ['U+034F combining grapheme joiner', '\u034F'],
      ['U+FE0F variation selector 16', '\uFE0F'],
      ['U+FE00 variation selector 1', '\uFE00'],
      ['U+E0100 variation selector 17', '\u{E0100}'],
      ['U+115F Hangul choseong filler', '\u115F'],
      ['U+1160 Hangul jungseong filler', '\u1160'],
      ['U+3164 Hangul filler', '\u3164'],
      ['U+FFA0 half-width Hangul filler', '\uFFA0'],
      ['U+E0001 language tag', '\u{E0001}'],
      ['U+E0041 tag latin capital A', '\u{E0041}'],
      ['U+1D173 musical symbol begin beam', '\u{1D173}'],
    ])('should ignore %s wherever it is typed', (_label, ch) => {
      expect(key(`恒${ch}通电力${ch}工程有限公司`)).toBe(BASE_KEY);
      expect(key(`${ch}${BASE}${ch}`)).toBe(BASE_KEY);
      expect(key(`Ac${ch}me Co., Ltd.`)).toBe('acme');
    });
  });

  describe('spaces and dashes', () => {
    it.each([
      ['space', ' '], ['no-break space', '\u00A0'], ['en quad', '\u2000'], ['em space', '\u2003'],
      ['thin space', '\u2009'], ['hair space', '\u200A'], ['narrow no-break space', '\u202F'],
      ['medium mathematical space', '\u205F'], ['ideographic space', '\u3000'], ['ogham space mark', '\u1680'],
      ['line separator', '\u2028'], ['paragraph separator', '\u2029'], ['tab', '\t'], ['newline', '\n'],
    ])('should ignore a %s', (_label, ch) => {
      expect(key(`恒通${ch}电力工程${ch}有限公司`)).toBe(BASE_KEY);
      expect(key(`A${ch}B${ch}C 科技`)).toBe('abc科技');
    });

    it.each([
      ['hyphen-minus', '-'], ['hyphen', '\u2010'], ['non-breaking hyphen', '\u2011'], ['figure dash', '\u2012'],
      ['en dash', '\u2013'], ['em dash', '\u2014'], ['horizontal bar', '\u2015'], ['minus sign', '\u2212'],
      ['small hyphen-minus', '\uFE63'], ['full-width hyphen-minus', '\uFF0D'], ['wave dash', '\u301C'],
      ['two-em dash', '\u2E3A'], ['katakana-hiragana double hyphen', '\u30A0'], ['underscore', '_'],
    ])('should ignore a %s', (_label, ch) => {
      expect(key(`恒通${ch}电力工程有限公司`)).toBe(BASE_KEY);
      expect(key(`A${ch}B${ch}C Inc`)).toBe('abc');
    });

    it.each([
      ['.,，。、·・\'"“”‘’&/\\:：;；!！?？*@#$%^+=|~`<>'],
      ['★☆◆●■♥©®°§¶…‰←→'], // (™ is not here: NFKC spells it TM)
      ['😀🏢👍🏻'],
    ])('should drop punctuation and symbols such as %s', (symbols) => {
      expect(key(`恒通${symbols}电力工程${symbols}有限公司`)).toBe(BASE_KEY);
    });
  });

  describe('full-width and compatibility forms', () => {
    it.each([
      ['ＨＥＮＧＴＯＮＧ　Ｃｏ．，Ｌｔｄ．', 'hengtong'],
      ['ｈｅｎｇｔｏｎｇ', 'hengtong'],
      ['𝐇𝐞𝐧𝐠𝐭𝐨𝐧𝐠 Ltd', 'hengtong'], // mathematical bold
      ['ℌ𝔢𝔫𝔤𝔱𝔬𝔫𝔤', 'hengtong'], // mathematical fraktur
      ['Ⓗⓔⓝⓖⓣⓞⓝⓖ', 'hengtong'], // circled letters
      ['恒通１２３电力', '恒通123电力'],
      ['恒通①②③电力', '恒通123电力'],
      ['ｶﾞｲｱ', 'カイア'], // half-width katakana; the voicing mark goes like an accent (MariaDB too)
      ['Café', 'cafe'],
    ])('should fold "%s" to "%s"', (input, expected) => {
      expect(key(input)).toBe(expected);
    });

    it('should give a composed and a decomposed accent the same key', () => {
      expect(key('Cafe\u0301 Ltd')).toBe(key('Caf\u00E9 Ltd'));
    });

    it.each([
      ['Café de Paris', 'cafedeparis'],
      ['Müller GmbH', 'muller'],
      ['Société Générale S.A.', 'societegenerale'],
      ['Nestlé', 'nestle'],
      ['Straße AG', 'strasse'],
      ['Ørsted', 'orsted'],
      ['Łódź Sp.', 'lodzsp'],
      ['Việt Nam', 'vietnam'],
      ['Z̶a̶l̶g̶o̶ Inc', 'zalgo'], // stacked combining marks
    ])('should fold accents and stacked marks as MariaDB compares them: "%s" → "%s"', (input, expected) => {
      expect(key(input)).toBe(expected);
    });
  });

  describe('look-alike letters', () => {
    it.each([
      ['Cyrillic а е о р с х у', '\u0430\u0435\u043E\u0440\u0441\u0445\u0443', 'aeopcxy'],
      ['Cyrillic А in Acme', '\u0410cme Inc', 'acme'],
      ['Cyrillic е in Acme', 'Acm\u0435 Inc', 'acme'],
      ['Cyrillic о in Logo', 'L\u043Eg\u043E', 'logo'],
      ['Cyrillic р in Apple', 'A\u0440\u0440le', 'apple'],
      ['Cyrillic с in Cisco', '\u0421is\u0441o', 'cisco'],
      ['Cyrillic х in Xerox', '\u0425erox', 'xerox'],
      ['Cyrillic у in Yoyo', '\u0423o\u0443o', 'yoyo'],
      ['Cyrillic і in Intel', '\u0406ntel', 'intel'],
      ['Cyrillic ј in Jeep', '\u0408eep', 'jeep'],
      ['Cyrillic ѕ in Sony', '\u0405ony', 'sony'],
      ['Cyrillic В Н К М Т in BHKMT', '\u0412\u041D\u041A\u041C\u0422', 'bhkmt'],
      ['Greek Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ', '\u0391\u0392\u0395\u0396\u0397\u0399\u039A\u039C\u039D\u039F\u03A1\u03A4\u03A5\u03A7', 'abezhikmnoptyx'],
      ['Greek ο and ν in Nokia', '\u039D\u03BFkia', 'nokia'],
      ['Latin dotless ı', 'L\u0131nux', 'linux'],
    ])('should key %s like the Latin letters', (_label, input, expected) => {
      expect(key(input)).toBe(expected);
    });

    it('should give a Chinese name with a look-alike Latin part one key', () => {
      expect(key('ABC科技有限公司')).toBe(key('\u0410\u0412\u0421科技有限公司'));
    });
  });

  describe('brackets', () => {
    it.each([
      ['(佛山)'], ['（佛山）'], ['[佛山]'], ['【佛山】'], ['〔佛山〕'], ['「佛山」'], ['『佛山』'], ['〈佛山〉'],
      ['《佛山》'], ['〖佛山〗'], ['｛佛山｝'], ['{佛山}'], ['⦅佛山⦆'], ['﹙佛山﹚'], ['(佛山市)'], ['（ 佛山 ）'],
      ['（广东佛山）'], ['（广东省佛山市）'], ['（佛山市南海区）'], ['（南海区）'], ['（中国）'], ['（中国·佛山）'], ['(China)'],
      ['（集团）'], ['（有限合伙）'], ['（普通合伙）'], ['（特殊普通合伙）'], ['（（佛山））'], ['()'], ['（）'],
    ])('should drop the region or legal form group %s', (group) => {
      expect(key(`恒通电力工程${group}有限公司`)).toBe(BASE_KEY);
    });

    it.each([
      ['（佛山）', '佛山'],
      ['【集团】', '集团'],
      ['(China)', 'china'],
    ])('should keep the group when the name is nothing else: "%s" → "%s"', (input, expected) => {
      expect(key(input)).toBe(expected);
      expect(nameKeyProblem(input)).toBeNull();
    });

    it.each([
      ['恒通（电力）工程有限公司', '恒通电力工程'],
      ['恒通【电力工程】有限公司', '恒通电力工程'],
      ['「恒通」电力工程有限公司', '恒通电力工程'],
      ['恒通电力工程(二期)有限公司', '恒通电力工程二期'],
      ['Acme (Asia) Ltd', 'acmeasia'],
      ['恒通（电力', '恒通电力'], // unbalanced
      ['恒通)电力(', '恒通电力'],
    ])('should keep the words of any other group: "%s" → "%s"', (input, expected) => {
      expect(key(input)).toBe(expected);
    });

    it.each([
      ['恒通投资合伙企业（有限合伙）', '恒通投资'],
      ['恒通会计师事务所（特殊普通合伙）', '恒通会计师事务所'],
      ['华润（集团）有限公司', '华润'],
      ['Acme (China) Co., Ltd.', 'acme'],
      ['Acme (Hong Kong) Limited', 'acme'],
    ])('should drop bracketed legal forms and countries: "%s" → "%s"', (input, expected) => {
      expect(key(input)).toBe(expected);
    });
  });

  describe('regions', () => {
    it.each([
      ['佛山恒通电力工程有限公司'],
      ['恒通电力工程（佛山）有限公司'],
      ['恒通电力工程(佛山)有限公司'],
      ['佛山市恒通电力工程有限公司'],
      ['广东恒通电力工程有限公司'],
      ['广东省恒通电力工程有限公司'],
      ['广东佛山恒通电力工程有限公司'],
      ['广东省佛山市恒通电力工程有限公司'],
      ['广东省佛山市南海区恒通电力工程有限公司'],
      ['佛山市南海区恒通电力工程有限公司'],
      ['广东省南海区恒通电力工程有限公司'],
      ['恒通电力工程（佛山市南海区）有限公司'],
      ['恒通电力工程佛山有限公司'],
      ['恒通电力工程佛山市有限公司'],
      ['恒通电力工程有限公司佛山分公司'],
      ['恒通电力工程有限公司佛山市分公司'],
      ['恒通电力工程有限公司广东省佛山市分公司'],
      ['恒通电力工程有限公司（佛山）'],
      ['恒通电力工程'],
      ['恒通电力工程公司'],
      ['恒通 电力-工程 有限公司'],
      ['\u200B佛山\u00A0恒通电力工程（佛山）有限公司'],
    ])('should give "%s" the key of 恒通电力工程有限公司', (name) => {
      expect(key(name)).toBe(BASE_KEY);
    });

    it.each([
      ['上海市浦东新区恒瑞电子有限公司', '恒瑞电子'],
      ['北京市海淀区恒瑞电子有限公司', '恒瑞电子'],
      ['北京恒瑞电子有限公司', '恒瑞电子'],
      ['重庆市渝北区恒瑞电子有限公司', '恒瑞电子'],
      ['广西壮族自治区南宁市恒瑞电子有限公司', '恒瑞电子'],
      ['广西南宁恒瑞电子有限公司', '恒瑞电子'],
      ['内蒙古自治区包头市恒瑞电子有限公司', '恒瑞电子'],
      ['内蒙古包头恒瑞电子有限公司', '恒瑞电子'],
      ['新疆维吾尔自治区乌鲁木齐市恒瑞电子有限公司', '恒瑞电子'],
      ['宁夏回族自治区银川市恒瑞电子有限公司', '恒瑞电子'],
      ['西藏自治区拉萨市恒瑞电子有限公司', '恒瑞电子'],
      ['香港特别行政区恒瑞电子有限公司', '恒瑞电子'],
      ['香港恒瑞电子有限公司', '恒瑞电子'],
      ['澳门恒瑞电子有限公司', '恒瑞电子'],
      ['吉林省延边朝鲜族自治州恒瑞电子有限公司', '恒瑞电子'],
      ['延边州恒瑞电子有限公司', '恒瑞电子'],
      ['黑龙江省大兴安岭地区恒瑞电子有限公司', '恒瑞电子'],
      ['内蒙古锡林郭勒盟恒瑞电子有限公司', '恒瑞电子'],
      ['云南省西双版纳傣族自治州恒瑞电子有限公司', '恒瑞电子'],
      ['内蒙古阿拉善盟额济纳旗恒瑞电子有限公司', '恒瑞电子'],
      ['浙江省杭州市余杭区恒瑞电子有限公司', '恒瑞电子'],
      ['江苏苏州工业园区恒瑞电子有限公司', '恒瑞电子'],
      ['恒瑞电子（上海市浦东新区）有限公司', '恒瑞电子'],
      ['恒瑞电子（浦东新区）有限公司', '恒瑞电子'],
      ['白银市恒瑞电子有限公司', '恒瑞电子'], // the full form of an everyday word
      ['恒瑞电子（白银）有限公司', '恒瑞电子'],
      ['恒瑞电子有限公司大理分公司', '恒瑞电子'],
    ])('should strip the region of "%s" → "%s"', (name, expected) => {
      expect(key(name)).toBe(expected);
    });

    it.each([
      ['大同证券', '大同证券'],
      ['大同证券有限责任公司', '大同证券'],
      ['青岛啤酒', '青岛啤酒'],
      ['青岛啤酒股份有限公司', '青岛啤酒'],
      ['北京银行', '北京银行'],
      ['北京银行股份有限公司', '北京银行'],
      ['长安汽车', '长安汽车'],
      ['重庆长安汽车股份有限公司', '长安汽车'],
      ['上海银行', '上海银行'],
      ['吉林化纤', '吉林化纤'],
      ['中山大学', '中山大学'],
      ['金华火腿', '金华火腿'],
      ['佛山恒通', '佛山恒通'], // "恒通" alone is not distinctive
      ['广东佛山银行', '佛山银行'], // the longest region that leaves a distinctive rest
      ['南海区恒通电力工程', '南海区恒通电力工程'], // a district alone is not a region prefix
    ])('should keep the region when the rest is not distinctive: "%s" → "%s"', (name, expected) => {
      expect(key(name)).toBe(expected);
    });

    it('should keep "X证券" companies of different cities apart', () => {
      const keys = ['大同证券', '东方证券', '广州证券', '西南证券', '长江证券'].map(key);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).not.toContain('证券');
    });

    it.each([
      ['白银期货交易有限公司', '白银期货交易'],
      ['阿里云计算有限公司', '阿里云计算'],
      ['阿里巴巴网络技术有限公司', '阿里巴巴网络技术'],
      ['大理石材料有限公司', '大理石材料'],
      ['北海道食品贸易有限公司', '北海道食品贸易'],
      ['朝阳光伏科技有限公司', '朝阳光伏科技'],
      ['安康医疗器械有限公司', '安康医疗器械'],
      ['普洱茶文化传播有限公司', '普洱茶文化传播'],
    ])('should not strip a short form that is also an everyday word from the start: "%s"', (name, expected) => {
      expect(key(name)).toBe(expected);
    });

    it.each([
      ['广州市场营销有限公司', '市场营销'],
      ['深圳市场营销有限公司', '市场营销'],
    ])('should read 市场 as a word, not as the end of a city: "%s"', (name, expected) => {
      expect(key(name)).toBe(expected);
    });

    it('should keep a trailing region when no legal form touches it', () => {
      expect(key('恒通电力工程佛山')).toBe('恒通电力工程佛山');
    });
  });

  describe('legal forms', () => {
    it.each([
      ['恒通集团股份有限公司', '恒通'],
      ['恒通集团有限公司', '恒通'],
      ['恒通集团公司', '恒通'],
      ['恒通集团', '恒通'],
      ['恒通股份公司', '恒通'],
      ['恒通股份', '恒通'],
      ['恒通有限责任公司', '恒通'],
      ['恒通总公司', '恒通'],
      ['恒通有限公司分公司', '恒通'],
      ['恒通个人独资企业', '恒通'],
      ['恒通合伙企业', '恒通'],
      ['恒通有限合伙', '恒通'],
      ['恒通有限公司上海代表处', '恒通'],
      ['恒通有限公司杭州办事处', '恒通'],
      ['恒通集团有限公司有限公司', '恒通'],
    ])('should strip the legal form stack of "%s"', (name, expected) => {
      expect(key(name)).toBe(expected);
    });

    it.each([
      ['Acme Co., Ltd.', 'acme'],
      ['Acme Co.,Ltd', 'acme'],
      ['ACME CO LTD', 'acme'],
      ['Acme Company Limited', 'acme'],
      ['Acme Limited', 'acme'],
      ['Acme Incorporated', 'acme'],
      ['Acme, Inc.', 'acme'],
      ['Acme Corp.', 'acme'],
      ['Acme Corporation', 'acme'],
      ['Acme LLC', 'acme'],
      ['Acme GmbH', 'acme'],
      ['Acme AG', 'acme'],
      ['Acme PLC', 'acme'],
      ['Acme Pte. Ltd.', 'acme'],
      ['Acme Pty Ltd', 'acme'],
      ['Acme Group Co., Ltd.', 'acme'],
      ['Acme S.A.', 'acme'],
      ['Acme B.V.', 'acme'],
      ['Acme S.p.A.', 'acme'],
      ['Acme K.K.', 'acme'],
      ['Acme Technologies Co., Ltd.', 'acmetechnologies'],
      ['Hengtong Electric Power Engineering Co., Ltd.', 'hengtongelectricpowerengineering'],
      ['华为技术 Co., Ltd.', '华为技术'],
    ])('should strip English legal forms as whole words: "%s" → "%s"', (name, expected) => {
      expect(key(name)).toBe(expected);
    });

    it.each([
      ['Tesco', 'tesco'],
      ['Costco', 'costco'],
      ['Disco Inc', 'disco'],
      ['Saga', 'saga'],
      ['Limitedless', 'limitedless'],
    ])('should not strip a legal form from inside a word: "%s"', (name, expected) => {
      expect(key(name)).toBe(expected);
    });
  });

  it.each([
    ['!!!'], ['（）'], ['——'], ['。。。'], ['\u200B\u200D\u2060'], ['   '], ['★☆'], ['😀'], ['\u00AD'], [''],
  ])('should give "%s" an empty key (nothing to tell companies apart by)', (name) => {
    expect(key(name)).toBe('');
  });
});

describe('nameKeyProblem', () => {
  it.each([
    ['恒通电力工程有限公司'], ['A'], ['有限公司'], ['x'.repeat(128)], ['𠀀'.repeat(128)], ['㍿'.repeat(32)],
  ])('should accept "%s"', (name) => {
    expect(nameKeyProblem(name)).toBeNull();
  });

  it.each([
    ['!!!'], ['—— ——'], ['（）【】'], ['\u200B\u200C\u200D\u2060\uFEFF'], ['★'], ['😀👍'], ['\u3164\u115F'],
  ])('should refuse "%s" whose key is empty', (name) => {
    expect(nameKeyProblem(name)).toBe(nameKeyMessages.empty);
    expect(nameKeyMessages.empty).toBe('客户名称需包含文字或数字');
  });

  it.each([
    ['㍿ × 40 (each 株式会社)', '㍿'.repeat(40)],
    ['ﷺ × 9 (each 15 Arabic letters)', 'ﷺ'.repeat(9)],
    ['㎏㎒㎓ × 17 (kg, mhz, ghz)', '㎏㎒㎓'.repeat(17)],
    ['Ⅻ × 65 (each xii)', 'Ⅻ'.repeat(65)],
  ])('should refuse %s whose key outgrows the column after NFKC', (_label, name) => {
    expect([...name].length).toBeLessThanOrEqual(128);
    expect([...customerNameKey(name)].length).toBeGreaterThan(NAME_KEY_MAX_LENGTH);
    expect(nameKeyProblem(name)).toBe(nameKeyMessages.tooLong);
  });
});

describe('phoneKey (re-exported)', () => {
  it.each([
    ['138 0013 8000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['010-8888 6666', '01088886666'],
  ])('should map "%s" to "%s"', (input, expected) => {
    expect(phoneKey(input)).toBe(expected);
  });

  it('should return null when there are too few digits to be a phone', () => {
    expect(phoneKey('')).toBeNull();
    expect(phoneKey(null)).toBeNull();
    expect(phoneKey('12-3')).toBeNull();
  });
});
