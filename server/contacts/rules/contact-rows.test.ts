import { describe, expect, it } from 'vitest';
import { contactRowOf, corpKeyOf, fittingJson, followRowOf, remarkPhoneKeys, sameContact, sameFollow } from './contact-rows.ts';

const follow = (over: Record<string, unknown> = {}) => ({ userid: 'zhangsan', remark: '王总', createtime: 1_700_000_000, remark_mobiles: ['13800138000'], ...over });

describe('contact rows from WeCom facts', () => {
  it('should take the corp name from WeCom users and key it like a customer name when present', () => {
    const f = followRowOf('wm1', follow());
    const row = contactRowOf({ external_userid: 'wm1', name: '王总', type: 2, corp_name: '某某科技有限公司' }, [f]);
    expect(row).toMatchObject({ corpName: '某某科技有限公司', type: 2, addedAt: new Date(1_700_000_000_000) });
    expect(row.corpKey).toBe(corpKeyOf('某某科技'));
  });

  it('should fall back to a member\'s remark_corp_name when the customer is a WeChat user', () => {
    const rows = [followRowOf('wm1', follow({ userid: 'a' })), followRowOf('wm1', follow({ userid: 'b', remark_corp_name: '远景制造', createtime: 1_600_000_000 }))];
    const row = contactRowOf({ external_userid: 'wm1', name: 'Wang', type: 1 }, rows);
    expect(row).toMatchObject({ corpName: '远景制造', type: 1, addedAt: new Date(1_600_000_000_000) });
  });

  it('should cut texts to their columns and keep JSON lists within their length when WeCom sends long values', () => {
    const long = '长'.repeat(300);
    const f = followRowOf('wm1', follow({ remark: long, remark_mobiles: Array.from({ length: 40 }, (_, i) => `1380013${String(i).padStart(4, '0')}`) }));
    expect([...f.remark!].length).toBe(128);
    expect(f.remarkMobiles.length).toBeLessThanOrEqual(512);
    expect(JSON.parse(f.remarkMobiles).length).toBeGreaterThan(0);
    expect(fittingJson(['a', 'a', '', 'b'], 100)).toBe('["a","b"]');
    expect([...contactRowOf({ external_userid: 'wm1', name: long, type: 1 }, [f]).name].length).toBe(64);
  });

  it('should key remark mobiles as phone keys and skip what is not a phone', () => {
    const f = followRowOf('wm1', follow({ remark_mobiles: ['+86 138-0013-8000', 'n/a', ''] }));
    expect(remarkPhoneKeys([f])).toEqual(['13800138000']);
  });

  it('should say unchanged for the same facts so a resync writes nothing', () => {
    const a = followRowOf('wm1', follow());
    const b = followRowOf('wm1', follow());
    expect(sameFollow(a, b)).toBe(true);
    expect(sameFollow(a, followRowOf('wm1', follow({ remark: '王总2' })))).toBe(false);
    const c = contactRowOf({ external_userid: 'wm1', name: '王总', type: 1 }, [a]);
    expect(sameContact(c, contactRowOf({ external_userid: 'wm1', name: '王总', type: 1 }, [b]))).toBe(true);
    expect(sameContact(c, contactRowOf({ external_userid: 'wm1', name: '王总', type: 2 }, [b]))).toBe(false);
  });
});
