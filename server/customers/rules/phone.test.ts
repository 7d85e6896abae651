import { describe, expect, it } from 'vitest';
import { parsePhone, phoneKey, phoneMessages, type PhoneKind } from './phone.ts';

describe('parsePhone', () => {
  it.each<[string, string, PhoneKind]>([
    // mainland mobile
    ['13800138000', '13800138000', 'mobile'],
    ['138 0013 8000', '13800138000', 'mobile'],
    ['138-0013-8000', '13800138000', 'mobile'],
    ['138.0013.8000', '13800138000', 'mobile'],
    ['(138) 0013 8000', '13800138000', 'mobile'],
    ['+86 138 0013 8000', '13800138000', 'mobile'],
    ['+86-138-0013-8000', '13800138000', 'mobile'],
    ['+8613800138000', '13800138000', 'mobile'],
    ['(+86) 13800138000', '13800138000', 'mobile'],
    ['0086 13800138000', '13800138000', 'mobile'],
    ['008613800138000', '13800138000', 'mobile'],
    ['8613800138000', '13800138000', 'mobile'],
    ['86 138 0013 8000', '13800138000', 'mobile'],
    ['１３８００１３８０００', '13800138000', 'mobile'], // full-width digits
    ['＋８６ １３８－００１３－８０００', '13800138000', 'mobile'],
    ['138\u20130013\u20148000', '13800138000', 'mobile'], // en and em dashes
    ['138\u22120013\u22128000', '13800138000', 'mobile'], // minus signs
    ['138\u20100013\uFE638000', '13800138000', 'mobile'], // hyphen, small hyphen-minus
    ['138\u00A00013\u30008000', '13800138000', 'mobile'], // no-break and ideographic spaces
    ['\u200B138\u200D0013\u20608000\uFEFF', '13800138000', 'mobile'], // invisible characters
    ['19912345678', '19912345678', 'mobile'],
    ['16612345678', '16612345678', 'mobile'],
    // landlines with area code
    ['010-12345678', '01012345678', 'landline'],
    ['010 1234 5678', '01012345678', 'landline'],
    ['(010) 12345678', '01012345678', 'landline'],
    ['（010）12345678', '01012345678', 'landline'],
    ['021-6888 8888', '02168888888', 'landline'],
    ['(0755) 8888 6666', '075588886666', 'landline'],
    ['0755-88886666', '075588886666', 'landline'],
    ['0757-8123456', '07578123456', 'landline'], // 7-digit number
    ['+86 755 88886666', '075588886666', 'landline'],
    ['+86 (0)755 88886666', '075588886666', 'landline'],
    ['+86 10 12345678', '01012345678', 'landline'],
    ['0086 755 88886666', '075588886666', 'landline'],
    ['0086 0755 88886666', '075588886666', 'landline'],
    ['010-12345678 转 123', '01012345678', 'landline'],
    ['010-12345678转8', '01012345678', 'landline'],
    ['010-12345678 ext. 123456', '01012345678', 'landline'],
    ['010-12345678 EXT 12', '01012345678', 'landline'],
    ['010-12345678x12', '01012345678', 'landline'],
    ['010-12345678 #12', '01012345678', 'landline'],
    ['010-12345678 分机 12', '01012345678', 'landline'],
    // service numbers
    ['400-820-8820', '4008208820', 'service'],
    ['400 820 8820', '4008208820', 'service'],
    ['800-820-8820', '8008208820', 'service'],
    ['400-820-8820 转 2', '4008208820', 'service'],
    // other countries (E.164)
    ['+1 415 555 0100', '+14155550100', 'international'],
    ['+1 (415) 555-0100', '+14155550100', 'international'],
    ['001 415 555 0100', '+14155550100', 'international'],
    ['+44 20 7946 0958', '+442079460958', 'international'],
    ['+852 2123 4567', '+85221234567', 'international'],
    ['00852 2123 4567', '+85221234567', 'international'],
    ['+886 912 345 678', '+886912345678', 'international'],
    ['+49 30 123456', '+4930123456', 'international'],
    ['+1 415 555 0100 ext 12', '+14155550100', 'international'],
    ['+123456789012345', '+123456789012345', 'international'], // 15 digits: the E.164 maximum
  ])('should accept "%s" as %s', (input, key, kind) => {
    expect(parsePhone(input)).toEqual({ ok: true, key, kind });
    expect(phoneKey(input)).toBe(key);
  });

  it.each([
    ['', phoneMessages.empty],
    ['   ', phoneMessages.empty],
    ['\u200B', phoneMessages.empty],
    ['123', phoneMessages.tooShort],
    ['12-3', phoneMessages.tooShort],
    ['110', phoneMessages.tooShort],
    ['95588', phoneMessages.tooShort],
    ['12345678', phoneMessages.landlineWithoutArea],
    ['8888 6666', phoneMessages.landlineWithoutArea],
    ['8123456', phoneMessages.landlineWithoutArea],
    ['12800138000', phoneMessages.mobilePrefix], // 12x is not a mobile prefix
    ['10012345678', phoneMessages.mobilePrefix],
    ['11012345678', phoneMessages.mobilePrefix],
    ['1380013800', phoneMessages.mobileLength],
    ['138001380001', phoneMessages.mobileLength],
    ['+86 1380013800', phoneMessages.mobileLength],
    ['138 0013 8000 转 12', phoneMessages.mobileExtension],
    ['010-123456', phoneMessages.landlineLength],
    ['010-123456789', phoneMessages.landlineLength],
    ['0755-123456', phoneMessages.landlineLength],
    ['0123-12345678', phoneMessages.landlineLength], // no area code starts with 01 but 010
    ['call me', phoneMessages.characters],
    ['138OO138OOO', phoneMessages.characters], // letter O for zero
    ['tel:13800138000', phoneMessages.characters],
    ['13800138000;', phoneMessages.characters],
    ['138+0013+8000', phoneMessages.characters],
    ['13800138000/13900139000', phoneMessages.characters],
    ['١٣٨٠٠١٣٨٠٠٠', phoneMessages.characters], // Arabic-Indic digits
    ['+1 234', phoneMessages.international],
    ['+1234567890123456', phoneMessages.international], // 16 digits
    ['+0 415 555 0100', phoneMessages.international],
    ['000 415 555 0100', phoneMessages.international],
  ])('should refuse "%s" with a clear message', (input, message) => {
    expect(parsePhone(input)).toEqual({ ok: false, message });
    expect(phoneKey(input)).toBeNull();
  });

  it('should give every way of writing one number one key', () => {
    const mobile = ['13800138000', '138 0013 8000', '+86 138-0013-8000', '0086 138 0013 8000', '8613800138000', '１３８００１３８０００'];
    expect(new Set(mobile.map(phoneKey))).toEqual(new Set(['13800138000']));
    const landline = ['0755-88886666', '(0755) 8888 6666', '+86 755 8888 6666', '0086-755-88886666', '0755 88886666 转 8'];
    expect(new Set(landline.map(phoneKey))).toEqual(new Set(['075588886666']));
  });

  it('should write every refusal in Chinese', () => {
    for (const message of Object.values(phoneMessages)) expect(message).toMatch(/[\u4e00-\u9fa5]/);
    expect(phoneMessages.landlineWithoutArea).toBe('座机号码请带区号，例如 010-12345678');
  });

  it('should return null for absent phones', () => {
    expect(phoneKey(null)).toBeNull();
    expect(phoneKey(undefined)).toBeNull();
    expect(phoneKey('')).toBeNull();
  });
});
