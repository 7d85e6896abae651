// The WeCom client around the chat-toolbar sidebar: answers the framed H5 page's JS-SDK calls
// (sent by its adapter through postMessage) the way WeCom does, and shows the chat.

const ctx = JSON.parse(document.getElementById('sidebar-context').textContent);
const frame = document.getElementById('sidebar-frame');
const chatList = document.getElementById('chat');
const callList = document.getElementById('calls');
const registered = { config: false, agentConfig: false };
const chatQuery = 'userId=' + encodeURIComponent(ctx.userId) +
  (ctx.externalUserId ? '&externalUserId=' + encodeURIComponent(ctx.externalUserId) : '&chatId=' + encodeURIComponent(ctx.chatId));

async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) { init.headers['content-type'] = 'application/json'; init.body = JSON.stringify(body); }
  const res = await fetch('/sim/api' + path, init);
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new Error(data && data.error ? data.error.message : 'HTTP ' + res.status);
  return data;
}

class JsapiFail extends Error {}

const handlers = {
  async register(args) {
    const res = await api('POST', '/sidebar/register', {
      userId: ctx.userId, corpId: args.corpId, url: args.url, config: args.config,
      ...(args.agentConfig ? { agentId: args.agentId, agentConfig: args.agentConfig } : {}),
    });
    registered.config = res.config === 'ok';
    registered.agentConfig = res.agentConfig === 'ok';
    if (!registered.config || res.agentConfig === 'fail') throw new JsapiFail(res.errMsg || 'invalid signature');
    return {};
  },
  async getContext() {
    if (!registered.config) throw new JsapiFail('no permission');
    return { entry: ctx.entry };
  },
  async getCurExternalContact() {
    if (!registered.agentConfig) throw new JsapiFail('no permission');
    if (ctx.entry !== 'single_chat_tools') throw new JsapiFail('without context of external contact');
    return { userId: ctx.externalUserId };
  },
  async getCurExternalChat() {
    if (!registered.agentConfig) throw new JsapiFail('no permission');
    if (ctx.entry !== 'group_chat_tools') throw new JsapiFail('without context of external contact');
    return { chatId: ctx.chatId };
  },
  async sendChatMessage(args) {
    if (!registered.agentConfig) throw new JsapiFail('no permission');
    await api('POST', '/chat-messages', {
      userId: ctx.userId,
      ...(ctx.externalUserId ? { externalUserId: ctx.externalUserId } : { chatId: ctx.chatId }),
      msgtype: args.msgtype,
      ...(args.text ? { text: args.text } : {}),
      ...(args.news ? { news: args.news } : {}),
    });
    refreshChat();
    return {};
  },
};

function logCall(name, ok, detail) {
  const li = document.createElement('li');
  if (!ok) li.className = 'fail';
  li.textContent = name + (ok ? ':ok' : ':fail ' + detail);
  callList.prepend(li);
}

window.addEventListener('message', async (event) => {
  if (event.origin !== location.origin || event.source !== frame.contentWindow) return;
  const m = event.data;
  if (!m || m.type !== 'wecom-sim:call' || typeof m.api !== 'string') return;
  const reply = (payload) => frame.contentWindow.postMessage({ type: 'wecom-sim:result', id: m.id, ...payload }, location.origin);
  const handler = handlers[m.api];
  if (!handler) {
    logCall(m.api, false, 'not supported');
    reply({ ok: false, result: { errMsg: m.api + ':fail not supported' } });
    return;
  }
  try {
    const result = await handler(m.args || {});
    logCall(m.api, true);
    reply({ ok: true, result: { errMsg: m.api + ':ok', ...result } });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    logCall(m.api, false, detail);
    reply({ ok: false, result: { errMsg: m.api + ':fail ' + detail } });
  }
});

async function refreshChat() {
  try {
    const { items } = await api('GET', '/chat-messages?' + chatQuery);
    chatList.replaceChildren();
    if (!items.length) {
      const li = document.createElement('li'); li.className = 'sb-empty'; li.textContent = '还没有消息'; chatList.append(li);
      return;
    }
    for (const m of items.slice().reverse()) {
      const li = document.createElement('li');
      li.dataset.testid = 'sidebar-chat-message';
      const meta = document.createElement('div'); meta.className = 'meta'; meta.textContent = m.from + ' · ' + new Date(m.sentAt).toLocaleString('zh-CN');
      const body = document.createElement('div');
      body.textContent = m.msgtype === 'text' ? m.text.content : '[链接] ' + m.news.title + ' ' + m.news.link;
      li.append(meta, body);
      chatList.append(li);
    }
  } catch (err) {
    chatList.replaceChildren(Object.assign(document.createElement('li'), { className: 'sb-empty', textContent: '加载失败：' + err.message }));
  }
}

refreshChat();
