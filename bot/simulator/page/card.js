// Messages drawn as WeCom draws them: text bubbles and template cards with their buttons.
import { h, isHttpUrl, targetNode } from './dom.js';
import { formatMessageTime } from './time-format.js';

export function renderText(m) {
  return h('div', { class: 'bubble', 'data-testid': 'sim-text-' + m.msgid }, [
    (m.text && m.text.content) || '',
    m.truncated ? h('span', { class: 'tag', text: '（超过 2048 字节，已截断）' }) : null,
  ]);
}

/**
 * A template card. `selects`: the option each card's selector showed before the redraw (task id →
 * option id); `actions`: `openMenu` (the task id whose menu is open), `toggleMenu(taskId)`,
 * `clickKey(message, key, button)`.
 */
export function renderCard(m, selects, actions) {
  const c = m.template_card || {};
  const id = m.taskId || c.task_id || m.msgid;
  const action = c.card_action && (c.card_action.type === 1 || c.card_action.type === 2) ? c.card_action : null;
  const main = h('div', { class: 'card-main' });

  if (c.source && (c.source.desc || c.source.icon_url)) {
    main.appendChild(h('div', { class: 'source c' + (c.source.desc_color || 0) }, [
      h('span', { class: 'icon', text: (c.source.desc || 'C').slice(0, 1) }), c.source.desc || '',
    ]));
  }
  if (c.main_title && c.main_title.title) main.appendChild(h('div', { class: 'main-title', text: c.main_title.title }));
  if (c.main_title && c.main_title.desc) main.appendChild(h('div', { class: 'main-desc', text: c.main_title.desc }));
  if (c.quote_area && (c.quote_area.title || c.quote_area.quote_text)) {
    main.appendChild(h('div', { class: 'quote' }, [
      c.quote_area.title ? h('div', { class: 'q-title' }, [targetNode(c.quote_area, c.quote_area.title)]) : null,
      c.quote_area.quote_text ? h('div', { text: c.quote_area.quote_text }) : null,
    ]));
  }
  if (c.card_image) main.appendChild(h('div', { class: 'image-ph', text: '图片' }));
  if (c.image_text_area) {
    main.appendChild(h('div', { class: 'quote' }, [
      c.image_text_area.title ? h('div', { class: 'q-title' }, [targetNode(c.image_text_area, c.image_text_area.title)]) : null,
      c.image_text_area.desc ? h('div', { text: c.image_text_area.desc }) : null,
    ]));
  }
  if (c.emphasis_content && (c.emphasis_content.title || c.emphasis_content.desc)) {
    main.appendChild(h('div', { class: 'emphasis' }, [
      c.emphasis_content.title ? h('div', { class: 'e-title', text: c.emphasis_content.title }) : null,
      c.emphasis_content.desc ? h('div', { class: 'e-desc', text: c.emphasis_content.desc }) : null,
    ]));
  }
  if (c.sub_title_text) main.appendChild(h('div', { class: 'subtitle', text: c.sub_title_text }));
  if (c.vertical_content_list && c.vertical_content_list.length) {
    main.appendChild(h('div', { class: 'vertical' }, c.vertical_content_list.map((v) =>
      h('div', null, [h('div', { class: 'v-title', text: v.title }), v.desc ? h('div', { class: 'v-desc', text: v.desc }) : null]))));
  }
  if (c.horizontal_content_list && c.horizontal_content_list.length) {
    main.appendChild(h('div', { class: 'kv' }, c.horizontal_content_list.map((row) => {
      const value = row.value || '';
      let v;
      if (row.type === 1) v = targetNode({ type: 1, url: row.url }, value || row.url);
      else if (row.type === 2) v = h('span', { class: 'linkish', title: '文件 ' + (row.media_id || ''), text: '📎 ' + value });
      else if (row.type === 3) v = h('span', { class: 'linkish', title: '成员 ' + (row.userid || ''), text: value || row.userid });
      else v = h('span', { text: value });
      return h('div', { class: 'kv-row' }, [h('span', { class: 'k', text: row.keyname }), h('span', { class: 'v' }, [v])]);
    })));
  }
  if (c.button_selection) {
    const sel = c.button_selection;
    const select = h('select', { 'data-task': id, 'aria-label': sel.title || sel.question_key }, (sel.option_list || []).map((o) =>
      h('option', { value: o.id, text: o.text })));
    select.value = selects[id] || sel.selected_id || (sel.option_list && sel.option_list[0] && sel.option_list[0].id) || '';
    if (m.replaceName !== undefined) select.disabled = true;
    main.appendChild(h('div', { class: 'selection' }, [sel.title ? h('span', { class: 's-title', text: sel.title }) : null, select]));
  }
  if (c.jump_list && c.jump_list.length) {
    main.appendChild(h('div', { class: 'jumps' }, c.jump_list.map((j) => h('div', { class: 'jump' }, [targetNode(j, j.title)]))));
  }
  main.appendChild(h('div', { class: 'meta-line', text: (m.updatedAt ? '已更新 ' + formatMessageTime(new Date(m.updatedAt)) + ' · ' : '') + (m.taskId ? 'task_id ' + m.taskId : '') }));

  if (action && action.type === 1 && isHttpUrl(action.url)) {
    main.addEventListener('click', (e) => {
      if (e.target.closest('a, button, select, .linkish')) return;
      window.open(action.url, '_blank', 'noopener');
    });
  }

  const card = h('div', { class: 'card' + (action ? ' linked' : ''), 'data-testid': 'sim-card-' + id, 'data-card-type': c.card_type }, [main]);
  if (c.action_menu && c.action_menu.action_list && c.action_menu.action_list.length && m.taskId) card.appendChild(renderMenu(m, c.action_menu, actions));

  const buttons = (c.button_list || []);
  if (m.replaceName !== undefined) {
    card.appendChild(h('div', { class: 'buttons' }, [h('button', { class: 'cbtn greyed', disabled: true, 'data-testid': 'sim-card-status-' + id, text: m.replaceName })]));
  } else if (buttons.length) {
    card.appendChild(h('div', { class: 'buttons' }, buttons.map((b) => {
      const style = [1, 2, 3, 4].indexOf(b.style) >= 0 ? b.style : 1;
      if (b.type === 1) {
        return h('button', { class: 'cbtn s' + style, 'data-testid': 'sim-card-button-' + id + '-' + (b.key || b.text), text: b.text,
          onclick: () => { if (isHttpUrl(b.url)) window.open(b.url, '_blank', 'noopener'); } });
      }
      return h('button', { class: 'cbtn s' + style, 'data-testid': 'sim-card-button-' + id + '-' + b.key, text: b.text,
        onclick: (e) => { actions.clickKey(m, b.key, e.currentTarget); } });
    })));
  }
  if (action && c.card_type !== 'button_interaction') {
    card.appendChild(targetNode(action, '查看详情', 'card-footer'));
    card.lastChild.setAttribute('data-testid', 'sim-card-link-' + id);
  }
  return card;
}

function renderMenu(m, menu, actions) {
  const wrap = h('div');
  const open = actions.openMenu === m.taskId;
  wrap.appendChild(h('button', { class: 'menu-btn', title: menu.desc || '更多', 'aria-label': '更多操作', 'data-testid': 'sim-card-menu-' + m.taskId, text: '⋯',
    onclick: () => { actions.toggleMenu(m.taskId); } }));
  if (open) {
    wrap.appendChild(h('div', { class: 'menu' }, [menu.desc ? h('div', { class: 'menu-desc', text: menu.desc }) : null].concat(menu.action_list.map((a) =>
      h('button', { 'data-testid': 'sim-card-menu-' + m.taskId + '-' + a.key, text: a.text,
        onclick: (e) => { actions.closeMenu(); actions.clickKey(m, a.key, e.currentTarget); } })))));
  }
  return wrap;
}
