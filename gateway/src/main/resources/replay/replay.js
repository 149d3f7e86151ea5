// The session replay page. Everything it shows comes from the audit, where a caller chose the
// tool names, arguments and subjects: it is put on the page as text nodes and SVG attributes only,
// never parsed as markup, and the Content-Security-Policy runs no other script.
'use strict';

(function () {
  const TOKEN_KEY = 'toolgate.replay.token';
  const API = '/replay/api/';
  const GOOD = new Set(['ok', 'cache-hit', 'coalesced']);
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);

  class Refused extends Error {}

  // --- the token: from the fragment (never sent to a server) or the paste box, kept per tab ---

  function takeTokenFromFragment() {
    // Read by hand: URLSearchParams would turn a '+' of a token into a space.
    const part = location.hash.slice(1).split('&').find((p) => p.startsWith('token='));
    if (part) {
      sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(part.slice('token='.length)).trim());
    }
    if (location.hash) {
      // Out of the address bar and the history, so it is not copied along with the URL.
      history.replaceState(null, '', location.pathname);
    }
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function showLogin(problem) {
    $('main').hidden = true;
    $('forget').hidden = true;
    $('login').hidden = false;
    $('login-problem').textContent = problem || '';
    document.body.dataset.state = 'login';
  }

  // --- the API ---

  async function api(path, parameters) {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(parameters || {})) {
      if (value) {
        query.set(name, value);
      }
    }
    const text = query.toString();
    const response = await fetch(API + path + (text ? '?' + text : ''), {
      headers: { Authorization: 'Bearer ' + token() },
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
    let body;
    try {
      body = await response.json();
    } catch (e) {
      body = { error: 'HTTP ' + response.status };
    }
    if (response.status === 401 || response.status === 403) {
      throw new Refused(body.error || 'HTTP ' + response.status);
    }
    if (!response.ok) {
      throw new Error(body.error || 'HTTP ' + response.status);
    }
    return body;
  }

  // --- building the page from text ---

  function el(tag, className, ...children) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    for (const child of children) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function cell(value, className) {
    if (value === null || value === undefined || value === '') {
      return el('td', 'none', '—');
    }
    return el('td', className, value);
  }

  function num(value) {
    return cell(value, 'num');
  }

  function millis(micros) {
    return micros === null || micros === undefined ? null : (micros / 1000).toFixed(1) + ' ms';
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleString() : null;
  }

  function outcome(label) {
    const td = el('td', 'outcome ' + (GOOD.has(label) ? 'good' : 'bad'), label);
    td.dataset.outcome = label;
    return td;
  }

  function linkButton(text, onClick) {
    const button = el('button', 'link', text);
    button.type = 'button';
    button.addEventListener('click', onClick);
    return button;
  }

  function fill(tableId, rows, emptyText, columns) {
    const body = $(tableId).tBodies[0];
    body.replaceChildren();
    if (rows.length === 0) {
      const td = el('td', 'none', emptyText);
      td.colSpan = columns;
      body.append(el('tr', null, td));
    }
    for (const row of rows) {
      body.append(row);
    }
  }

  // --- charts: bars as inline SVG, drawn here ---

  function svg(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) {
      node.setAttribute(name, String(value));
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function barChart(containerId, label, items, value, extra, kind, unit) {
    const container = $(containerId);
    container.replaceChildren();
    if (items.length === 0) {
      container.append(el('p', 'none', 'no calls in the filter'));
      return;
    }
    const rowHeight = 22;
    const left = 170;
    const width = 560;
    const plot = width - left - 70;
    const height = items.length * rowHeight + 8;
    const top = Math.max(...items.map((item) => Math.max(value(item), extra ? extra(item) : 0)), 1e-9);
    const chart = svg('svg', {
      viewBox: '0 0 ' + width + ' ' + height,
      width: width,
      height: height,
      role: 'img',
      'aria-label': label,
    });
    items.forEach((item, i) => {
      const y = 4 + i * rowHeight;
      const name = item.tool === null ? '(no tool)' : item.tool;
      // A long name is cut on the chart; the whole of it is the label's tooltip.
      const label = svg('g', { class: 'label' });
      label.append(svg('title', {}, name));
      label.append(svg('text', { x: left - 6, y: y + 14, 'text-anchor': 'end' },
        name.length > 24 ? name.slice(0, 23) + '…' : name));
      chart.append(label);
      const bar = svg('rect', {
        class: 'bar ' + kind,
        x: left,
        y: y + 3,
        width: Math.max(1, (value(item) / top) * plot),
        height: rowHeight - 8,
      });
      bar.append(svg('title', {}, name + ': ' + value(item).toFixed(1) + ' ' + unit));
      chart.append(bar);
      if (extra) {
        const x = left + (extra(item) / top) * plot;
        chart.append(svg('line', { class: 'max', x1: x, x2: x, y1: y + 1, y2: y + rowHeight - 3 }));
      }
      const shown = extra
        ? value(item).toFixed(1) + ' / ' + extra(item).toFixed(1)
        : String(value(item));
      chart.append(svg('text', { x: width - 64, y: y + 14 }, shown));
    });
    container.append(chart);
  }

  // --- the views ---

  function filters() {
    const iso = (id) => {
      const value = $(id).value;
      return value ? new Date(value).toISOString() : '';
    };
    return {
      tool: $('filter-tool').value.trim(),
      principal: $('filter-principal').value.trim(),
      since: iso('filter-since'),
      until: iso('filter-until'),
    };
  }

  function renderSummary(summary) {
    const names = $('tool-names');
    names.replaceChildren(
      ...summary.tools.filter((t) => t.tool !== null).map((t) => {
        const option = document.createElement('option');
        option.value = t.tool;
        return option;
      }));
    barChart('latency-chart', 'Latency per tool in milliseconds', summary.tools,
      (t) => t.meanLatencyMicros / 1000, (t) => t.maxLatencyMicros / 1000, 'latency', 'ms');
    barChart('cost-chart', 'Cost per tool in units', summary.tools, (t) => t.cost, null, 'cost',
      'units');
    fill('callers', summary.callers.map((c) => el('tr', null,
      el('td', null, linkButton(c.subject === null ? '(anonymous)' : c.subject, () => {
        $('filter-principal').value = c.subject || '';
        load();
      })),
      cell(c.clientId), cell(c.issuer), num(c.calls), num(c.errors), num(c.cost))),
    'no callers in the filter', 6);
    fill('errors', summary.errors.map((call) => el('tr', null,
      cell(time(call.time)), cell(call.tool), outcome(call.outcome), num(call.errorCode),
      cell(call.subject),
      el('td', 'mono', call.session ? linkButton(call.session, () => openSession(call.session)) : '—'))),
    'no errors in the filter', 6);
  }

  function renderSessions(sessions, selected) {
    fill('sessions', sessions.map((s) => {
      const row = el('tr', s.session === selected ? 'selected' : null,
        el('td', 'mono', linkButton(s.session, () => openSession(s.session))),
        cell(s.subject), cell(s.clientId), cell(time(s.firstCall)), cell(time(s.lastCall)),
        num(s.calls), num(s.errors), num(s.cost));
      row.dataset.session = s.session;
      return row;
    }), 'no sessions in the filter', 8);
  }

  function recorded(text, hash) {
    if (text !== null && text !== undefined) {
      return el('td', null, el('pre', null, text));
    }
    return el('td', 'none', hash ? 'not recorded (' + hash.slice(0, 19) + '…)' : 'not recorded');
  }

  async function openSession(session) {
    document.body.dataset.state = 'loading';
    try {
      const answer = await api('sessions/' + encodeURIComponent(session) + '/calls', { limit: 1000 });
      $('session-id').textContent = session;
      const start = answer.calls.length ? Date.parse(answer.calls[0].time) : 0;
      fill('calls', answer.calls.map((call, i) => {
        const row = el('tr', null, num(i + 1), cell('+' + (Date.parse(call.time) - start) + ' ms'),
          cell(call.tool), outcome(call.outcome), num(millis(call.latencyMicros)),
          num(millis(call.upstreamMicros)), num(call.cost), recorded(call.arguments, call.argumentsHash),
          recorded(call.result, null));
        row.title = call.time + ' · ' + (call.subject || 'anonymous') + ' · ' + call.endpoint;
        return row;
      }), 'no calls recorded for this session', 9);
      for (const row of $('sessions').tBodies[0].rows) {
        row.classList.toggle('selected', row.dataset.session === session);
      }
      $('session-view').hidden = false;
      done('session ' + session + ': ' + answer.calls.length + ' calls');
    } catch (e) {
      failed(e);
    }
  }

  async function load() {
    document.body.dataset.state = 'loading';
    $('status').textContent = 'Loading…';
    const parameters = filters();
    try {
      const [summary, sessions] = await Promise.all([
        api('summary', Object.assign({ limit: 50 }, parameters)),
        api('sessions', Object.assign({ limit: 100 }, parameters)),
      ]);
      $('main').hidden = false;
      $('login').hidden = true;
      $('forget').hidden = false;
      renderSummary(summary);
      renderSessions(sessions.sessions, $('session-id').textContent);
      done(sessions.sessions.length + ' sessions, ' + summary.tools.length + ' tools from '
        + time(sessions.filter.since) + ' to ' + time(sessions.filter.until));
    } catch (e) {
      failed(e);
    }
  }

  function done(message) {
    $('status').textContent = message;
    document.body.dataset.loads = String(Number(document.body.dataset.loads) + 1);
    document.body.dataset.state = 'ready';
  }

  function failed(error) {
    if (error instanceof Refused) {
      showLogin('The token was refused: ' + error.message);
      return;
    }
    $('status').textContent = 'Error: ' + error.message;
    document.body.dataset.state = 'error';
  }

  function start() {
    takeTokenFromFragment();
    $('token-save').addEventListener('click', () => {
      const value = $('token-input').value.trim();
      $('token-input').value = '';
      if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(value)) {
        showLogin('That is not a bearer token.');
        return;
      }
      sessionStorage.setItem(TOKEN_KEY, value);
      load();
    });
    $('forget').addEventListener('click', () => {
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin('');
    });
    $('filters').addEventListener('submit', (event) => {
      event.preventDefault();
      load();
    });
    $('clear').addEventListener('click', () => {
      $('filters').reset();
      load();
    });
    if (token()) {
      load();
    } else {
      showLogin('');
    }
  }

  document.addEventListener('DOMContentLoaded', start);
})();
