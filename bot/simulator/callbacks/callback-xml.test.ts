import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { cdata, encryptedEnvelopeXml, templateCardEventXml } from './callback-xml.ts';

const parser = new XMLParser({ parseTagValue: false });
const facts = {
  corpId: 'wwcorp',
  fromUser: 'zhangsan',
  createTime: 1740963600,
  event: 'template_card_event' as const,
  eventKey: 'release:1',
  taskId: 'crm_warn_1',
  cardType: 'button_interaction',
  responseCode: 'RC',
  agentId: 1000002,
};

describe('templateCardEventXml', () => {
  it('should lay the fields out as WECOM.md §3.6 shows them', () => {
    expect(templateCardEventXml(facts)).toBe(
      '<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName>' +
        '<CreateTime>1740963600</CreateTime><MsgType><![CDATA[event]]></MsgType>' +
        '<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[release:1]]></EventKey>' +
        '<TaskId><![CDATA[crm_warn_1]]></TaskId><CardType><![CDATA[button_interaction]]></CardType>' +
        '<ResponseCode><![CDATA[RC]]></ResponseCode><AgentID>1000002</AgentID></xml>',
    );
  });

  it('should keep a key intact when it contains "]]>" or markup', () => {
    const key = 'a]]><b>&c';
    expect(parser.parse(templateCardEventXml({ ...facts, eventKey: key })).xml.EventKey).toBe(key);
  });

  it('should leave SelectedItems out of menu events', () => {
    const xml = templateCardEventXml({ ...facts, event: 'template_card_menu_event', selectedItems: [{ questionKey: 'q', optionIds: ['1'] }] });
    expect(xml).not.toContain('SelectedItems');
  });

  it('should wrap the ciphertext in the POST envelope', () => {
    expect(parser.parse(encryptedEnvelopeXml('wwcorp', 7, 'abc+/=')).xml).toEqual({ ToUserName: 'wwcorp', AgentID: '7', Encrypt: 'abc+/=' });
  });

  it('should split CDATA sections when the text closes one', () => {
    expect(cdata('x]]>y')).toBe('<![CDATA[x]]]]><![CDATA[>y]]>');
  });
});
