import { ConflictError } from '../http/errors.ts';

export const contactsMessages = {
  notFound: '企业微信客户不存在或不是你的客户',
  userNotFound: '成员不存在或无权查看',
  linked: (customerName: string | null) => `该企业微信客户已关联到客户${customerName ? `「${customerName}」` : '其他客户'}，不能重复关联`,
  customerNotYours: '只能关联到你负责或协作的客户',
};

/** The WeCom customer is already a contact of another record. */
export class WecomContactLinkedError extends ConflictError {
  constructor(customerId: string, customerName: string | null) {
    super('WECOM_CONTACT_LINKED', contactsMessages.linked(customerName), { customerId, customerName });
  }
}
