// Small DOM helpers: element building (text only, never HTML), toasts, the banner, card links.

export const el = (id) => document.getElementById(id);

/** An element with attributes (`class`, `text`, `on<event>`, others as attributes) and children. */
export function h(tag, attrs, children) {
  const node = document.createElement(tag);
  if (attrs) Object.keys(attrs).forEach((k) => {
    const v = attrs[k];
    if (v === undefined || v === null || v === false) return;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.slice(0, 2) === 'on') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  });
  (children || []).forEach((c) => { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
  return node;
}

export function isHttpUrl(url) { return typeof url === 'string' && /^https?:\/\//i.test(url); }

let toastTimer = null;
export function toast(message, isError) {
  const t = el('toast');
  t.textContent = message; t.className = 'toast show' + (isError ? ' error' : '');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.className = 'toast'; }, isError ? 5000 : 2500);
}

export function banner(message) { const b = el('banner'); b.textContent = message || ''; b.className = 'banner' + (message ? ' show' : ''); }

/** Opens a card target: a URL in a new tab; a mini-program page cannot open outside WeCom. */
export function targetNode(target, label, cls) {
  if (target && target.type === 1 && isHttpUrl(target.url)) {
    return h('a', { href: target.url, target: '_blank', rel: 'noopener noreferrer', class: cls, text: label });
  }
  if (target && target.type === 2) {
    return h('span', { class: 'linkish ' + (cls || ''), title: '小程序 ' + (target.appid || '') + ' ' + (target.pagepath || ''), text: label,
      onclick: (e) => { e.stopPropagation(); toast('模拟器中无法打开小程序页面：' + (target.pagepath || target.appid || '')); } });
  }
  return h('span', { class: cls, text: label });
}
