/** What the host page needs to answer the framed sidebar's JS-SDK calls. */
export interface SidebarHostContext {
  userId: string;
  corpId: string;
  agentId: number;
  entry: 'single_chat_tools' | 'group_chat_tools';
  externalUserId?: string;
  chatId?: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * `GET /sim/sidebar`: the member's chat on the left (what was sent with sendChatMessage), the
 * app's sidebar page framed on the right, and `sidebar-host.js` answering its JS-SDK calls.
 */
export function sidebarHostHtml(p: { title: string; frameSrc: string; context: SidebarHostContext }): string {
  // JSON inside <script type="application/json">: only "<" could end the element early.
  const json = JSON.stringify(p.context).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>聊天工具栏 · ${esc(p.title)} · 企业微信模拟器</title>
<link rel="stylesheet" href="/sim/sidebar-assets/sidebar-host.css">
<script type="application/json" id="sidebar-context">${json}</script>
<script type="module" src="/sim/sidebar-assets/sidebar-host.js"></script>
</head>
<body>
<header class="sb-top">
  <a class="sb-back" href="/sim">← 企业微信模拟器</a>
  <strong data-testid="sidebar-chat-title">${esc(p.title)}</strong>
  <span class="sb-who">当前成员：${esc(p.context.userId)}</span>
</header>
<main class="sb-main">
  <section class="sb-chat" aria-label="会话">
    <h2>会话消息 <small>（成员从侧边栏发送的消息）</small></h2>
    <ol id="chat" data-testid="sidebar-chat-messages"><li class="sb-empty">还没有消息</li></ol>
    <h2>JS-SDK 调用</h2>
    <ol id="calls" class="sb-calls" data-testid="sidebar-jssdk-calls"></ol>
  </section>
  <section class="sb-frame-wrap" aria-label="聊天工具栏">
    <iframe id="sidebar-frame" data-testid="sidebar-frame" title="聊天工具栏" src="${esc(p.frameSrc)}"></iframe>
  </section>
</main>
</body>
</html>`;
}
