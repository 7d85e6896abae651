import { describe, expect, it } from 'vitest';
import { jssdkSignature, signableUrl } from './jssdk-signature.ts';

const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';

describe('jssdkSignature', () => {
  it('should match the WeCom documentation example when the url carries a query (path/96909)', () => {
    expect(jssdkSignature({ ticket: TICKET, nonceStr: 'Wm3WZYTPz0wzccnW', timestamp: 1414587457, url: 'http://mp.weixin.qq.com?params=value' }))
      .toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('should match the WeChat JS-SDK documentation example when the url has no query', () => {
    expect(jssdkSignature({ ticket: TICKET, nonceStr: 'Wm3WZYTPz0wzccnW', timestamp: 1414587457, url: 'http://mp.weixin.qq.com' }))
      .toBe('f4d90daf4b3bca3078ab155816175ba34c443a7b');
  });

  it('should sign the url without its fragment when the page url carries one', () => {
    const bare = jssdkSignature({ ticket: TICKET, nonceStr: 'Wm3WZYTPz0wzccnW', timestamp: 1414587457, url: 'http://mp.weixin.qq.com?params=value' });
    expect(jssdkSignature({ ticket: TICKET, nonceStr: 'Wm3WZYTPz0wzccnW', timestamp: 1414587457, url: 'http://mp.weixin.qq.com?params=value#/pages/sidebar/index' }))
      .toBe(bare);
  });

  it('should give a different signature when the ticket differs', () => {
    const a = jssdkSignature({ ticket: 'a', nonceStr: 'n', timestamp: 1, url: 'https://x.test/' });
    const b = jssdkSignature({ ticket: 'b', nonceStr: 'n', timestamp: 1, url: 'https://x.test/' });
    expect(a).not.toBe(b);
  });
});

describe('signableUrl', () => {
  it('should keep the query and drop the fragment when both are present', () => {
    expect(signableUrl('https://crm.test/h5/?a=1&b=2#/pages/sidebar/index?x=1')).toBe('https://crm.test/h5/?a=1&b=2');
  });
});
