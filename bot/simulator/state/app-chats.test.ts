import { describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../../server/infra/clock.ts';
import { WecomSimError } from '../http/wecom-sim-error.ts';
import { APPCHAT_ERRCODES, AppChats } from './app-chats.ts';
import { Directory } from './directory.ts';

function setup() {
  const clock = new AdjustableClock();
  clock.set(new Date('2026-03-02T02:00:00Z'));
  const directory = new Directory();
  directory.set({
    departments: [{ id: 1, name: '总部', parentid: 0, order: 0 }],
    users: [
      { userid: 'zhangsan', name: '张三', department: [1], main_department: 1, status: 1 },
      { userid: 'lisi', name: '李四', department: [1], main_department: 1, status: 1 },
      { userid: 'gone', name: '离职', department: [1], main_department: 1, status: 5 },
    ],
  } as never);
  return { chats: new AppChats(directory, clock), clock };
}

const errcodeOf = (fn: () => unknown): number | null => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof WecomSimError ? err.errcode : -999;
  }
};

describe('AppChats (appchat/*)', () => {
  it('should refuse a group of one and a member who left when created', () => {
    const { chats } = setup();
    expect(errcodeOf(() => chats.create({ name: 'x', userlist: ['zhangsan'] }))).toBe(APPCHAT_ERRCODES.INVALID_CHAT_PARAMS);
    expect(errcodeOf(() => chats.create({ name: 'x', userlist: ['zhangsan', 'gone'] }))).toBe(APPCHAT_ERRCODES.INVALID_MEMBER);
  });

  it('should refuse a chatid used twice or outside [0-9a-zA-Z]{1,32}', () => {
    const { chats } = setup();
    chats.create({ chatid: 'abc123', name: '作战群', owner: 'zhangsan', userlist: ['zhangsan', 'lisi'] });
    expect(errcodeOf(() => chats.create({ chatid: 'abc123', userlist: ['zhangsan', 'lisi'] }))).toBe(APPCHAT_ERRCODES.CHAT_EXISTS);
    expect(errcodeOf(() => chats.create({ chatid: 'with-dash', userlist: ['zhangsan', 'lisi'] }))).toBe(APPCHAT_ERRCODES.INVALID_CHAT_PARAMS);
  });

  it('should need a new owner when the owner is removed, and refuse a text over 2048 bytes', () => {
    const { chats } = setup();
    chats.create({ chatid: 'c1', owner: 'zhangsan', userlist: ['zhangsan', 'lisi'] });
    expect(errcodeOf(() => chats.update({ chatid: 'c1', del_user_list: ['zhangsan'] }))).toBe(APPCHAT_ERRCODES.INVALID_CHAT_PARAMS);
    chats.update({ chatid: 'c1', owner: 'lisi', del_user_list: ['zhangsan'] });
    expect(chats.get('c1')).toMatchObject({ owner: 'lisi', userlist: ['lisi'] });
    expect(errcodeOf(() => chats.send({ chatid: 'c1', msgtype: 'text', text: { content: '跟'.repeat(683) } }))).toBe(40058);
    chats.send({ chatid: 'c1', msgtype: 'text', text: { content: '跟'.repeat(682) } });
    expect(chats.messagesOf('c1')).toHaveLength(1);
    expect(errcodeOf(() => chats.send({ chatid: 'nope', msgtype: 'text', text: { content: 'x' } }))).toBe(APPCHAT_ERRCODES.CHAT_NOT_FOUND);
  });
});
