// zsplice web UI: the Replication Tasks list, the Add/Edit wizard and the run/log view.
// Plain DOM code, no framework and no build step: the daemon embeds this file as it is.
// Everything that comes from the API reaches the page through textContent or attributes set
// with setAttribute, never through innerHTML, so dataset names and messages cannot inject markup.
'use strict';

/* ---------- small helpers ---------- */

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
const enc = encodeURIComponent;

// el('a', {class: 'x', href: h, onclick: f}, child, 'text'): strings become text nodes.
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    // Styles through the CSSOM: not subject to the page's Content-Security-Policy.
    else if (k === 'style') for (const [p, x] of Object.entries(v)) e.style.setProperty(p, x);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c != null && c !== false) e.append(c);
  return e;
}

const lines = (arr) => (arr || []).join('\n');
const parseLines = (text) => text.split('\n').map((s) => s.trim()).filter(Boolean);

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
function fmtBytes(n) {
  if (n == null) return '—';
  let v = n, i = 0;
  while (v >= 1024 && i < UNITS.length - 1) { v /= 1024; i++; }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${UNITS[i]}`;
}

function fmtDuration(s) {
  if (s == null) return '—';
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${m % 60} min` : `${Math.floor(h / 24)} d ${h % 24} h`;
}

// Local time, short where the day is obvious ("today 14:05"); the full date is the tooltip.
function timeEl(sec) {
  if (sec == null) return el('span', { class: 'muted', text: '—' });
  const d = new Date(sec * 1000), now = new Date();
  const day = (x) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const diff = Math.round((day(d) - day(now)) / 86400000);
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const words = { '-1': 'yesterday', 0: 'today', 1: 'tomorrow' }[diff];
  const date = words || d.toLocaleDateString([], {
    month: 'short', day: 'numeric', year: d.getFullYear() === now.getFullYear() ? undefined : 'numeric',
  });
  return el('time', { datetime: d.toISOString(), title: d.toLocaleString() },
    el('span', { class: 'nw', text: date }), ' ', el('span', { class: 'nw', text: time }));
}

/* ---------- schedules: presets in words, anything else as the cron line ---------- */

const PRESETS = { hourly: '0 * * * *', daily: '0 0 * * *', weekly: '0 0 * * 0' };
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
// The CLI also accepts @hourly, @daily... (docs/api.md only names cron lines): read as cron.
const NICKNAMES = { '@hourly': '0 * * * *', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@weekly': '0 0 * * 0' };
const normCron = (s) => {
  const t = String(s || '').trim().split(/\s+/).join(' ');
  return NICKNAMES[t.toLowerCase()] || t;
};

function presetOf(schedule) {
  const s = normCron(schedule);
  if (!s || s === 'once') return 'once';
  return Object.keys(PRESETS).find((k) => PRESETS[k] === s) || 'custom';
}

function describeSchedule(schedule) {
  const s = normCron(schedule);
  if (!s || s === 'once') return 'once';
  if (s === '@monthly') return 'monthly';
  if (s === '@yearly' || s === '@annually') return 'yearly';
  const f = s.split(' ');
  if (f.length !== 5) return null;
  const [mi, h, dom, mon, dow] = f;
  const num = (x) => /^\d{1,2}$/.test(x);
  const hhmm = `${h.padStart(2, '0')}:${mi.padStart(2, '0')}`;
  if (!num(mi) || dom !== '*' || mon !== '*') return null;
  if (h === '*' && dow === '*') return mi === '0' ? 'hourly' : `hourly at :${mi.padStart(2, '0')}`;
  if (!num(h)) return null;
  if (dow === '*') return `daily at ${hhmm}`;
  if (/^[0-7]$/.test(dow)) return `weekly, ${DAYS[dow % 7]} at ${hhmm}`;
  return null;
}

/* ---------- notices: errors in #notice (role=alert), confirmations in #status ---------- */

// Items are keyed so a repeating error (a failing poll) updates one line instead of piling up.
function notify(message, { key = message, action } = {}) {
  const box = $('#notice');
  let item = $$('.notice-item', box).find((c) => c.dataset.key === key);
  if (!item) box.append(item = el('div', { class: 'notice-item', 'data-key': key }));
  item.replaceChildren(...[
    el('span', { class: 'msg', text: message }),
    action && el('button', { type: 'button', class: 'small', onclick: action.run }, action.label),
    el('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×'),
  ].filter(Boolean));
}
const unnotify = (key) => $$('.notice-item', $('#notice')).forEach((c) => c.dataset.key === key && c.remove());

let statusTimer = 0;
function announce(message) {
  $('#status').textContent = message;
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => { $('#status').textContent = ''; }, 6000);
}

/* ---------- API access: bearer token, JSON errors ---------- */

class ApiError extends Error {
  constructor(status, kind, message, field) {
    super(message);
    Object.assign(this, { status, kind, field });
  }
}

const TOKEN_KEY = 'zsplice-token';
let token = sessionStorage.getItem(TOKEN_KEY) || '';
let tokenDeclined = false;
let tokenPrompt = null;

// One prompt however many requests hit 401 at once; they all wait for it and retry.
function askToken() {
  if (tokenPrompt) return tokenPrompt;
  tokenPrompt = new Promise((resolve, reject) => {
    const d = $('#token-dialog');
    $('#td-text').textContent = token
      ? 'The daemon refused this token. Enter its access token'
      : 'This zsplice daemon needs its access token';
    $('#token-input').value = '';
    d.returnValue = '';
    d.addEventListener('close', () => {
      tokenPrompt = null;
      const value = $('#token-input').value.trim();
      if (d.returnValue === 'ok' && value) {
        token = value;
        sessionStorage.setItem(TOKEN_KEY, token);
        tokenDeclined = false;
        if (liveStarted) startLive(); // the event stream again, with the token
        resolve();
      } else {
        tokenDeclined = true;
        reject(new ApiError(401, 'unauthorized', 'The daemon needs an access token.'));
      }
    }, { once: true });
    d.showModal();
  });
  return tokenPrompt;
}

// api('GET', '/api/v1/tasks') → parsed JSON; {text: true} → the body as text; {dated: true} →
// {body, date}: the JSON and the server's clock (its Date header) when it answered.
// A body (even {}) is always sent as JSON: the server refuses other types (415).
async function api(method, path, body, { text = false, dated = false } = {}) {
  for (;;) {
    const sent = token;
    const init = { method, headers: {}, cache: 'no-store' };
    if (sent) init.headers.Authorization = `Bearer ${sent}`;
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, 'network', `Cannot reach the zsplice daemon (${e.message}).`);
    }
    if (res.status === 401) {
      if (token !== sent) continue; // someone entered a new token meanwhile
      if (tokenDeclined) throw new ApiError(401, 'unauthorized', 'The daemon needs an access token.');
      await askToken();
      continue;
    }
    if (!res.ok) {
      let e = null;
      try { e = (await res.json()).error; } catch { /* not JSON: described below */ }
      if (e && e.message) throw new ApiError(res.status, e.kind, e.message, e.field);
      throw new ApiError(res.status, 'failed', `${method} ${path}: HTTP ${res.status} ${res.statusText}`);
    }
    if (dated) return { body: await res.json(), date: Date.parse(res.headers.get('Date') || '') / 1000 };
    return text ? res.text() : res.json();
  }
}

const taskPath = (name) => `/api/v1/tasks/${enc(name)}`;
const tokenAction = { label: 'Enter token', run: () => { tokenDeclined = false; askToken().then(refreshTasks, () => {}); } };

function showApiError(e, prefix = '', key) {
  const message = prefix + (e.message || String(e));
  notify(message, { key: key || message, action: e.status === 401 ? tokenAction : undefined });
}

/* ---------- views: only one of list / wizard / log is shown at a time ---------- */

function showView(id) {
  for (const v of $$('.view')) v.hidden = v.id !== id;
  if (id !== 'log-view') stopLogRefresh();
  window.scrollTo(0, 0);
}

/* ---------- screen 1: the task list ---------- */

const tasks = new Map(); // name → task object, as the API last described it
const tbody = () => $('#tasks tbody');
const rowOf = (name) => $(`tr[data-task="${CSS.escape(name)}"]`, tbody());

function syncTasks(list) {
  const names = new Set(list.map((t) => t.name));
  for (const name of [...tasks.keys()]) if (!names.has(name)) removeTask(name);
  list.forEach(upsertTask);
  $('#loading').hidden = true;
  updateEmpty();
}

function upsertTask(t) {
  tasks.set(t.name, t);
  let tr = rowOf(t.name);
  if (!tr) {
    tr = buildRow(t.name);
    const after = $$('tr', tbody()).find((r) => r.dataset.task > t.name);
    tbody().insertBefore(tr, after || null);
  }
  fillRow(tr, t);
  updateEmpty();
}

function removeTask(name) {
  tasks.delete(name);
  const tr = rowOf(name);
  if (tr) {
    // Keep keyboard users somewhere sensible when the row they were on disappears.
    if (tr.contains(document.activeElement)) $('#add-task').focus();
    tr.remove();
  }
  updateEmpty();
}

function updateEmpty() {
  const none = tasks.size === 0 && $('#loading').hidden;
  $('#empty').hidden = !none;
  $('#tasks').classList.toggle('is-empty', tasks.size === 0);
}

// The row's cells and buttons are made once and updated in place, so live updates (once a
// second while a run moves) do not steal the keyboard focus from a button.
function buildRow(name) {
  const cell = (cls, label) => el('td', { class: cls, 'data-label': label });
  const badge = el('a', { class: 'state badge' });
  badge.addEventListener('click', (ev) => {
    const run = badge.dataset.run;
    if (!run || ((ev.ctrlKey || ev.metaKey || ev.shiftKey) && !token)) return; // raw log in a new tab
    ev.preventDefault();
    openLog(name, Number(run), badge);
  });
  const btn = (cls, label, onclick) =>
    el('button', { type: 'button', class: `small ${cls}`, 'aria-label': `${label}: ${name}`, onclick }, label);
  const run = btn('run-now', 'Run now', () => runNow(name, run));
  return el('tr', { 'data-task': name },
    cell('c-name', 'Name'), cell('c-route', 'Sources → Destination'), cell('c-schedule', 'Schedule'),
    el('td', { class: 'c-state', 'data-label': 'State' }, badge, el('div', { class: 'state-detail' })),
    cell('c-last', 'Last run'), cell('c-next', 'Next run'),
    el('td', { class: 'c-actions' }, run,
      btn('edit', 'Edit', () => openWizard(name)),
      btn('delete danger-text', 'Delete', () => confirmDelete(name))));
}

function fillRow(tr, t) {
  const c = (cls) => $(`.${cls}`, tr);
  const r = t.last_run || null;
  c('c-name').replaceChildren(el('strong', { text: t.name }));
  if (t.state === 'unreadable') {
    c('c-route').replaceChildren(el('span', { class: 'muted', text: 'definition cannot be read' }));
    c('c-schedule').replaceChildren('—');
  } else {
    const srcs = [...(t.source_datasets || []), ...(t.recursive_source_datasets || [])];
    c('c-route').replaceChildren(
      el('div', { class: 'sources' }, srcs.join(', '), t.recursive && el('span', { class: 'tag', text: 'recursive' })),
      el('div', { class: 'target' }, el('span', { class: 'arrow', 'aria-hidden': 'true', text: '→ ' }),
        el('span', { class: 'sr-only', text: 'to ' }), t.target_dataset));
    // Presets in words; any other line as written, with words after it when they exist.
    const words = describeSchedule(t.schedule);
    c('c-schedule').replaceChildren(...(presetOf(t.schedule) !== 'custom'
      ? [el('span', { title: t.schedule, text: words })]
      : [el('code', { text: t.schedule }), words && el('div', { class: 'muted small-text', text: words })]).filter(Boolean));
  }
  fillBadge($('a.state', tr), t);
  fillStateDetail(c('state-detail'), t);
  c('c-last').replaceChildren(r ? timeEl(r.started) : el('span', { class: 'muted', text: 'never' }));
  c('c-next').replaceChildren(timeEl(t.next_run));
  $('.run-now', tr).disabled = t.state === 'running' || t.state === 'unreadable';
  $('.edit', tr).disabled = t.state === 'unreadable';
}

function runText(r) {
  const parts = ['running'];
  if (r && r.percent != null) parts.push(`${Math.floor(r.percent)}%`);
  if (r && r.rate) parts.push(`${fmtBytes(r.rate)}/s`);
  return parts.join(' ');
}

function fillBadge(a, t) {
  const r = t.last_run;
  a.className = `state badge s-${t.state}`;
  a.textContent = t.state === 'running' ? runText(r) : t.state;
  if (r && r.log_href) {
    a.href = r.log_href;
    a.dataset.run = r.number;
    a.title = `Run ${r.number}: details and log`;
  } else {
    a.removeAttribute('href');
    delete a.dataset.run;
    a.title = t.state === 'unreadable' ? t.error || '' : 'Not run yet';
  }
}

function fillStateDetail(box, t) {
  const r = t.last_run;
  const parts = [];
  if (t.state === 'running' && r) {
    if (r.percent != null) {
      parts.push(el('div', { class: 'bar', role: 'progressbar', 'aria-valuenow': Math.floor(r.percent),
        'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-label': `${t.name} progress` },
      el('span', { style: { width: `${Math.min(100, r.percent)}%` } })));
    }
    const eta = r.eta_seconds != null ? ` · ${fmtDuration(r.eta_seconds)} left` : '';
    parts.push(el('div', { class: 'muted', text: `${fmtBytes(r.bytes_done)} of ${fmtBytes(r.bytes_total)}${eta}` }));
  } else if (t.state === 'unreadable') {
    parts.push(el('div', { class: 'err', text: t.error || 'the task files are damaged' }));
  } else if (t.state === 'refused') {
    parts.push(el('div', { class: 'warn', text: 'Needs your decision: open the run to see why.' }));
  } else if (r && r.error && (t.state === 'failed' || t.state === 'interrupted')) {
    parts.push(el('div', { class: `${t.state === 'failed' ? 'err' : 'muted'} clamp`, title: r.error, text: r.error }));
  }
  box.replaceChildren(...parts);
}

async function refreshTasks() {
  const data = await api('GET', '/api/v1/tasks');
  syncTasks(data.tasks || []);
}

async function refreshTask(name) {
  try { upsertTask(await api('GET', taskPath(name))); } catch (e) { showApiError(e); }
}

// The clock time of epoch seconds `sec`, e.g. "14:05:09".
const clock = (sec) => new Date(sec * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

// How long one name of a naming schema lasts ("minute" for auto-%Y-%m-%d_%H-%M), or null.
function schemaPeriod(schema) {
  const s = String(schema || '');
  if (/%[STsc]/.test(s)) return 'second';
  if (/%[MR]/.test(s)) return 'minute';
  if (/%[HIkl]/.test(s)) return 'hour';
  if (/%[dejFDaAuw]/.test(s)) return 'day';
  return null;
}

// Run now. The daemon answers with a new run, or with the run already going (its schedule
// started the task a moment before: that run is the answer); or refuses when the run this
// period already copied the snapshot a run now would take (its naming schema gives the same
// name). Each is said as what happened.
async function runNow(name, button) {
  button.disabled = true;
  const before = (tasks.get(name) || {}).last_run;
  const sent = Date.now();
  try {
    const { body: r, date } = await api('POST', `${taskPath(name)}/start`, {}, { dated: true });
    const took = (Date.now() - sent) / 1000;
    const run = await api('GET', runPath(name, r.run)).catch(() => null);
    // A run recorded before this request reached the daemon was there already: its started
    // time (server clock) is before the answer's Date minus the round trip.
    const already = (before && before.number >= r.run) || (run && date && run.started < date - took - 1);
    if (already) {
      const at = run ? `, started at ${clock(run.started)}` : '';
      announce(`“${name}” was already running (run ${r.run}${at}, before you pressed Run now); ` +
        'no second run was started.');
    } else {
      announce(`Run ${r.run} of “${name}” started.`);
    }
    await refreshTask(name);
  } catch (e) {
    button.disabled = false;
    if (e.status === 409 && (await explainConflict(name))) return;
    showApiError(e, `Run now “${name}”: `);
  }
}

// After a 409 on Run now: says what stands in the way, from the task as it is now. False when
// it cannot (the server's own sentence is shown then).
async function explainConflict(name) {
  let t;
  try { t = await api('GET', taskPath(name)); } catch { return false; }
  upsertTask(t);
  const last = t.last_run;
  if (!last) return false;
  if (t.state === 'running' || t.state === 'pending') {
    announce(`“${name}” is running already: run ${last.number}, started at ${clock(last.started)}. No second run was started.`);
    return true;
  }
  if (!last.snapshot) return false;
  const period = schemaPeriod(t.naming_schema);
  notify(`“${name}” already ran in this ${period || 'period'}: run ${last.number} (${last.state}, started at ` +
    `${clock(last.started)}) copied @${last.snapshot}. A run now would take a snapshot of the same name ` +
    `(its naming schema is ${t.naming_schema}), so there is nothing new to copy and no run was started. ` +
    (period ? `Run it again in the next ${period}.` : 'Run it again when its naming schema gives a new name.'),
  { key: `already-${name}`, action: { label: `Show run ${last.number}`, run: () => openLog(name, last.number) } });
  return true;
}

async function confirmDelete(name) {
  $('#cd-name').textContent = `“${name}”`;
  if (!(await confirmDialog($('#confirm-delete')))) return;
  try {
    const r = await api('DELETE', taskPath(name));
    removeTask(name);
    announce(`Task “${name}” deleted.`);
    const left = r.unreleased_holds || [];
    if (left.length) {
      notify([`Task “${name}” was deleted, but ${left.length} hold(s) could not be released; release them by hand:`,
        ...left.map((h) => `${h.snapshot} (${h.reason}): ${h.release_command}`)].join('\n'));
    }
  } catch (e) {
    showApiError(e, `Delete “${name}”: `);
  }
}

// Resolves true when the dialog closed through its button with value "yes" (Esc is "no").
function confirmDialog(d) {
  const back = document.activeElement;
  return new Promise((resolve) => {
    d.returnValue = '';
    d.addEventListener('close', () => {
      if (back && back.isConnected) back.focus();
      resolve(d.returnValue === 'yes');
    }, { once: true });
    d.showModal();
  });
}

/* ---------- live updates: server-sent events, or polling every 2 s ---------- */

// The event stream is read with fetch, not EventSource, which cannot send the Authorization
// header. After it fails three times in a row the list is polled instead.
let events = null; // the open stream's AbortController
let liveStarted = false;
let sseFailures = 0;
let polling = false;
let pollTimer = 0;
let pollRound = 0; // a poll of an earlier round does not schedule another
const setLive = (text, cls) => { const l = $('#live'); l.textContent = text; l.className = `live ${cls || ''}`; };

function startLive() {
  liveStarted = true;
  if (window.AbortController && window.TextDecoderStream) useEvents();
  else usePolling();
}

async function useEvents() {
  stopPolling();
  if (events) events.abort();
  const ctrl = new AbortController();
  events = ctrl;
  const headers = { Accept: 'text/event-stream' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let res = null;
  try {
    res = await fetch('/api/v1/events', { headers, cache: 'no-store', signal: ctrl.signal });
  } catch { /* below */ }
  if (events !== ctrl) return;
  if (res && res.status === 401) {
    // The polling's requests ask for the token (or say that it is missing).
    events = null;
    usePolling();
    return;
  }
  if (!res || !res.ok || !res.body) { streamFailed(ctrl); return; }
  // After a reconnection, tasks deleted meanwhile sent no event: reload the whole list.
  if (sseFailures > 0) refreshTasks().catch((e) => showApiError(e, '', 'conn'));
  sseFailures = 0;
  unnotify('conn');
  setLive('live', 'on');
  try { await readEvents(res.body, ctrl); } catch { /* ended: below */ }
  streamFailed(ctrl);
}

function streamFailed(ctrl) {
  if (events !== ctrl) return; // replaced or closed on purpose
  events = null;
  sseFailures++;
  if (sseFailures >= 3) { usePolling(); return; }
  setLive('reconnecting…', 'warn');
  setTimeout(() => { if (!events && !polling) useEvents(); }, 1000 * sseFailures);
}

// Reads text/event-stream: "event:" and "data:" lines, an empty line ends an event.
async function readEvents(body, ctrl) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let rest = '', type = '', data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    if (events !== ctrl) { reader.cancel().catch(() => {}); return; }
    const got = (rest + value).split('\n');
    rest = got.pop(); // a line not ended yet
    for (const raw of got) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line === '') {
        if (data.length) onEvent(type || 'message', data.join('\n'));
        type = '';
        data = [];
      } else if (!line.startsWith(':')) {
        const at = line.indexOf(':');
        const field = at < 0 ? line : line.slice(0, at);
        const v = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '');
        if (field === 'event') type = v;
        else if (field === 'data') data.push(v);
      }
    }
  }
}

function onEvent(type, data) {
  if (type === 'task') {
    const t = parseJson(data);
    if (t && t.name) upsertTask(t);
  } else if (type === 'deleted') {
    const d = parseJson(data);
    if (d && d.name) removeTask(d.name);
  } else if (type === 'resync') {
    // The server sends "resync" when this client fell behind and missed changes.
    refreshTasks().catch((e) => showApiError(e, '', 'conn'));
  }
}

function parseJson(text) {
  try { return JSON.parse(text); } catch { notify('The daemon sent an event that is not JSON.'); return null; }
}

function usePolling() {
  if (events) { const e = events; events = null; e.abort(); }
  setLive('polling every 2 s', 'on');
  if (!polling) { polling = true; poll(++pollRound); }
}

function stopPolling() {
  polling = false;
  pollRound++;
  clearTimeout(pollTimer);
}

async function poll(round) {
  try {
    await refreshTasks();
    unnotify('conn');
    if (round === pollRound) setLive('polling every 2 s', 'on');
  } catch (e) {
    showApiError(e, 'Cannot update the task list: ', 'conn');
    if (round === pollRound) setLive('offline', 'off');
  }
  if (polling && round === pollRound) pollTimer = setTimeout(() => poll(round), 2000);
}

/* ---------- screen 2: the wizard (Add and Edit) ---------- */

// Where each field of the task definition is edited; a server error naming the field is shown
// in .field-error[data-field=FIELD] and the keyboard focus goes to this input.
const FIELD_INPUT = {
  name: 'f-name', source_datasets: 'f-sources', recursive: 'f-recursive',
  recursive_source_datasets: 'f-recursive-sources', exclude: 'f-exclude', target_dataset: 'f-target',
  schedule: 'f-schedule-preset', retention: 'f-retention', readonly: 'f-readonly',
  naming_schema: 'f-naming-schema', allow_from_scratch: 'f-allow-from-scratch', properties: 'f-properties',
  properties_exclude: 'f-properties-exclude', properties_override: 'f-properties-override',
  source_retention: 'f-source-retention', retries: 'f-retries', stall_timeout: 'f-stall-timeout',
  keep_runs: 'f-keep-runs',
};
const DEFAULTS = {
  source_datasets: [], recursive: false, recursive_source_datasets: [], exclude: [], target_dataset: '',
  schedule: 'once', retention: 'none', naming_schema: 'auto-%Y-%m-%d_%H-%M', readonly: false,
  allow_from_scratch: false, properties: false, properties_exclude: [], properties_override: {},
  source_retention: 'none', retries: 5, stall_timeout: '10m', keep_runs: 366,
};
const ADVANCED = ['recursive_source_datasets', 'naming_schema', 'source_retention', 'stall_timeout', 'retries',
  'keep_runs', 'properties', 'allow_from_scratch', 'properties_exclude', 'properties_override'];

let editing = null; // the name of the task being edited; null while adding
let wizardOpener = null;
const input = (field) => document.getElementById(FIELD_INPUT[field]);

async function openWizard(name) {
  wizardOpener = document.activeElement;
  let t = { ...DEFAULTS, name: '' };
  if (name) {
    try { t = { ...DEFAULTS, ...(await api('GET', taskPath(name))) }; } catch (e) { showApiError(e, `Edit “${name}”: `); return; }
  }
  editing = name || null;
  const form = $('#wizard');
  form.reset();
  clearErrors();
  $('#wizard-title').textContent = name ? `Edit Replication Task “${name}”` : 'Add Replication Task';
  input('name').value = t.name;
  input('name').readOnly = !!name;
  $('#h-name').textContent = name ? 'A task cannot be renamed.' : 'Letters, digits, “.”, “_” and “-”. A task cannot be renamed later.';
  for (const f of ['source_datasets', 'recursive_source_datasets', 'exclude', 'properties_exclude']) input(f).value = lines(t[f]);
  for (const f of ['recursive', 'readonly', 'allow_from_scratch', 'properties']) input(f).checked = !!t[f];
  for (const f of ['target_dataset', 'retention', 'naming_schema', 'source_retention', 'stall_timeout', 'retries', 'keep_runs']) {
    input(f).value = t[f] == null ? '' : String(t[f]);
  }
  input('properties_override').value = Object.entries(t.properties_override || {}).map(([k, v]) => `${k}=${v}`).join('\n');
  const preset = presetOf(t.schedule);
  $('#f-schedule-preset').value = preset;
  $('#f-cron').value = preset === 'custom' ? t.schedule : '';
  showCron();
  // Open "Advanced" when it holds something other than the defaults, so nothing is hidden.
  $('#advanced').open = ADVANCED.some((f) => JSON.stringify(t[f]) !== JSON.stringify(DEFAULTS[f]));
  for (const f of $$('.tree-filter')) f.value = '';
  showView('wizard-view');
  (name ? input('source_datasets') : input('name')).focus();
  loadDatasets();
}

function closeWizard() {
  editing = null;
  showView('list-view');
  if (wizardOpener && wizardOpener.isConnected && $('#list-view').contains(wizardOpener)) wizardOpener.focus();
  else $('#add-task').focus();
}

function showCron() {
  const custom = $('#f-schedule-preset').value === 'custom';
  $('#cron-field').hidden = !custom;
  FIELD_INPUT.schedule = custom ? 'f-cron' : 'f-schedule-preset';
}

function clearErrors() {
  for (const e of $$('#wizard .field-error')) { e.textContent = ''; e.hidden = true; }
  for (const i of $$('#wizard [aria-invalid]')) i.removeAttribute('aria-invalid');
  $('#form-error').hidden = true;
  $('#form-error').textContent = '';
}

// Shows the message next to its field (or in #form-error) and returns the element to focus.
function showFieldError(field, message) {
  const box = field && $(`#wizard .field-error[data-field="${CSS.escape(field)}"]`);
  if (!box) {
    $('#form-error').textContent = message;
    $('#form-error').hidden = false;
    return $('#form-error');
  }
  box.textContent = message;
  box.hidden = false;
  if ($('#advanced').contains(box)) $('#advanced').open = true;
  const i = input(field);
  if (i) i.setAttribute('aria-invalid', 'true');
  return i || box;
}

// A number field: digits become a number; anything else goes to the server as typed, so that
// its validation (the real one) explains what is wrong. Empty means "the default".
function numberOrText(value) {
  const v = value.trim();
  return /^\d+$/.test(v) ? Number(v) : v;
}

// Reads the form into a task definition. Only empty required fields are checked here.
function readDefinition() {
  const errors = [];
  const def = { name: input('name').value.trim() };
  for (const f of ['source_datasets', 'recursive_source_datasets', 'exclude', 'properties_exclude']) def[f] = parseLines(input(f).value);
  for (const f of ['recursive', 'readonly', 'allow_from_scratch', 'properties']) def[f] = input(f).checked;
  for (const f of ['target_dataset', 'retention', 'naming_schema', 'source_retention', 'stall_timeout']) {
    const v = input(f).value.trim();
    if (v || f === 'target_dataset') def[f] = v;
  }
  for (const f of ['retries', 'keep_runs']) if (input(f).value.trim()) def[f] = numberOrText(input(f).value);
  def.properties_override = {};
  for (const line of parseLines(input('properties_override').value)) {
    const at = line.indexOf('=');
    if (at < 1) errors.push(['properties_override', `“${line}” is not name=value.`]);
    else def.properties_override[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  const preset = $('#f-schedule-preset').value;
  def.schedule = preset === 'custom' ? normCron($('#f-cron').value) : PRESETS[preset] || 'once';
  if (!def.name) errors.push(['name', 'Give the task a name.']);
  if (!def.source_datasets.length && !def.recursive_source_datasets.length) errors.push(['source_datasets', 'Give at least one source dataset.']);
  if (!def.target_dataset) errors.push(['target_dataset', 'Give a destination dataset.']);
  if (!def.schedule) errors.push(['schedule', 'Write a cron line, or choose another schedule.']);
  return { def, errors };
}

async function submitWizard(ev) {
  ev.preventDefault();
  const start = ev.submitter ? ev.submitter.id === 'start-replication' : false;
  clearErrors();
  const { def, errors } = readDefinition();
  if (errors.length) {
    errors.map(([f, m]) => showFieldError(f, m))[0].focus();
    return;
  }
  const form = $('#wizard');
  const buttons = $$('button', form);
  buttons.forEach((b) => { b.disabled = true; });
  form.setAttribute('aria-busy', 'true');
  try {
    const saved = editing ? await api('PUT', taskPath(editing), def) : await api('POST', '/api/v1/tasks', def);
    upsertTask(saved);
    editing = saved.name; // a later Save of this form must not try to create it again
  } catch (e) {
    const target = showFieldError(e.field, e.message);
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
    return;
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
    form.removeAttribute('aria-busy');
  }
  const name = def.name;
  closeWizard();
  if (!start) { announce(`Task “${name}” saved.`); return; }
  try {
    const r = await api('POST', `${taskPath(name)}/start`, {});
    announce(`Task “${name}” saved; run ${r.run} started.`);
    refreshTask(name);
  } catch (e) {
    showApiError(e, `Task “${name}” was saved, but it could not start: `);
  }
}

// The dataset browsers. The list is fetched each time the wizard opens (pools change).
async function loadDatasets() {
  const trees = [$('#source-tree'), $('#target-tree')];
  trees.forEach((t) => t.replaceChildren(el('p', { class: 'tree-msg', text: 'Loading datasets…' })));
  let datasets;
  try {
    datasets = (await api('GET', '/api/v1/datasets')).datasets || [];
  } catch (e) {
    trees.forEach((t) => t.replaceChildren(el('p', { class: 'tree-msg err', text: `Cannot list datasets: ${e.message}` })));
    showApiError(e, 'Cannot list datasets: ', 'datasets');
    return;
  }
  unnotify('datasets');
  if (!datasets.length) {
    trees.forEach((t) => t.replaceChildren(el('p', { class: 'tree-msg', text: 'No datasets found (is a pool imported?).' })));
    return;
  }
  const label = (d) => {
    const parts = d.name.split('/');
    const meta = `${fmtBytes(d.used)} · ${d.snapshots} snapshot${d.snapshots === 1 ? '' : 's'}`;
    return [
      el('span', { class: 'sr-only', text: parts.slice(0, -1).map((p) => `${p}/`).join('') }),
      el('span', { class: 'dsname', text: parts[parts.length - 1] }),
      d.type === 'volume' && el('span', { class: 'tag', text: 'volume' }),
      el('span', { class: 'meta', text: meta })];
  };
  const depth = (d) => ({ '--depth': String(d.name.split('/').length - 1) });
  $('#source-tree').replaceChildren(...datasets.map((d, i) => el('div', { class: 'node', style: depth(d), 'data-name': d.name },
    el('input', { type: 'checkbox', id: `src-${i}`, 'data-dataset': d.name }),
    el('label', { for: `src-${i}`, title: d.name }, label(d)))));
  // Destination picks are buttons: choosing one replaces the field, it does not toggle.
  $('#target-tree').replaceChildren(...datasets.map((d) => el('button', {
    type: 'button', class: 'node', style: depth(d), 'data-name': d.name, 'data-dataset': d.name, title: d.name,
  }, label(d))));
  syncSourceChecks();
  syncTargetPick();
  for (const f of $$('.tree-filter')) filterTree(f);
}

// Each dataset tree is one Tab stop: the arrow keys, Home and End move within it (a roving
// tabindex); Space ticks a source, Enter or Space picks a destination.
function treeItems(tree) {
  return $$('.node', tree).filter((n) => !n.hidden).map((n) => (n.matches('button') ? n : $('input', n)));
}

function rove(tree, item) {
  for (const i of $$('input[type=checkbox], button', tree)) i.tabIndex = i === item ? 0 : -1;
}

// After the tree changed (filled, filtered): its Tab stop on an entry that is shown.
function fixRove(tree) {
  const items = treeItems(tree);
  rove(tree, items.find((i) => i.tabIndex === 0) || items[0]);
}

function treeKeys(ev) {
  const tree = ev.currentTarget;
  const items = treeItems(tree);
  const at = items.indexOf(document.activeElement);
  if (at < 0 || ev.altKey || ev.ctrlKey || ev.metaKey) return;
  const to = { ArrowDown: at + 1, ArrowRight: at + 1, ArrowUp: at - 1, ArrowLeft: at - 1, Home: 0, End: items.length - 1 }[ev.key];
  if (to === undefined) return;
  ev.preventDefault();
  const item = items[Math.max(0, Math.min(items.length - 1, to))];
  rove(tree, item);
  item.focus();
}

function syncSourceChecks() {
  const names = new Set(parseLines(input('source_datasets').value));
  for (const c of $$('#source-tree input[type=checkbox]')) c.checked = names.has(c.dataset.dataset);
}

function syncTargetPick() {
  const v = input('target_dataset').value.trim();
  for (const b of $$('#target-tree [data-dataset]')) {
    b.setAttribute('aria-pressed', String(b.dataset.dataset === v));
  }
}

function pickTarget(name) {
  input('target_dataset').value = name;
  syncTargetPick();
}

function filterTree(f) {
  const q = f.value.trim().toLowerCase();
  const tree = document.getElementById(f.dataset.tree);
  for (const n of $$('.node', tree)) n.hidden = !!q && !n.dataset.name.toLowerCase().includes(q);
  fixRove(tree);
}

/* ---------- screen 3: a run, its log, and the refusal ---------- */

const logState = { name: null, number: null, timer: 0, opener: null, loaded: false };
const runPath = (name, n) => `${taskPath(name)}/runs/${n}`;

async function openLog(name, number, opener) {
  stopLogRefresh();
  Object.assign(logState, { name, number, loaded: false, opener: opener || logState.opener });
  $('#log-title').replaceChildren(`${name} — run ${number}`);
  for (const id of ['#run-summary', '#would-destroy', '#run-datasets tbody']) $(id).replaceChildren();
  $('#log').textContent = 'Loading…';
  for (const id of ['#refusal', '#run-error', '#run-datasets-wrap', '#log-live']) $(id).hidden = true;
  const href = `${runPath(name, number)}/log`;
  $('#log-download').href = `${href}?download=1`;
  $('#log-download').setAttribute('download', `zsplice-${name}-run-${number}.log`);
  showView('log-view');
  $('#log-close').focus();
  loadRunList(name, number);
  await loadRun();
}

function stopLogRefresh() {
  clearTimeout(logState.timer);
  logState.timer = 0;
}

function closeLog() {
  stopLogRefresh();
  showView('list-view');
  const o = logState.opener;
  logState.name = null;
  (o && o.isConnected ? o : $('#add-task')).focus();
}

async function loadRun() {
  const { name, number } = logState;
  const still = () => logState.name === name && logState.number === number && !$('#log-view').hidden;
  let run;
  try {
    run = await api('GET', runPath(name, number));
    if (!still()) return;
    renderRun(run);
    const text = await api('GET', run.log_href || `${runPath(name, number)}/log`, undefined, { text: true });
    if (still()) renderLog(text, run.state === 'running');
  } catch (e) {
    if (still()) showApiError(e, `Run ${number} of “${name}”: `);
  }
  // A run that still moves is refreshed every 2 s; a failed request is retried the same way.
  if (still() && (!run || run.state === 'running' || run.state === 'pending')) {
    $('#log-live').hidden = !run;
    logState.timer = setTimeout(loadRun, 2000);
  } else if (still()) {
    $('#log-live').hidden = true;
  }
}

function renderRun(r) {
  $('#log-title').replaceChildren(`${r.task} — run ${r.number} `,
    el('span', { class: `badge s-${r.state}`, text: r.state === 'running' ? runText(r) : r.state }));
  if (r.log_href) $('#log-download').href = `${r.log_href}?download=1`;
  const item = (term, ...value) => [el('div', {}, el('dt', { text: term }), el('dd', {}, ...value))];
  const pct = r.percent != null ? ` (${Math.floor(r.percent)}%)` : '';
  $('#run-summary').replaceChildren(
    ...item('Started', timeEl(r.started)),
    ...item(r.ended ? 'Ended' : 'Running for', r.ended ? timeEl(r.ended) : fmtDuration(r.duration_seconds)),
    ...(r.ended ? item('Duration', fmtDuration(r.duration_seconds)) : []),
    ...item('Snapshot', r.snapshot ? el('code', { text: `@${r.snapshot}` }) : '—'),
    ...item('Transferred', `${fmtBytes(r.bytes_done)} of ${fmtBytes(r.bytes_total)}${pct}`),
    ...item('Rate', r.rate ? `${fmtBytes(r.rate)}/s` : '—'),
    ...(r.eta_seconds != null ? item('Time left', fmtDuration(r.eta_seconds)) : []));

  const refused = r.state === 'refused';
  $('#run-error').hidden = refused || !r.error;
  $('#run-error').textContent = r.error || '';
  $('#refusal').hidden = !refused;
  $('#refusal-error').textContent = r.error || '';
  $('#would-destroy').replaceChildren(...(r.would_destroy || []).map((s) => el('li', { class: 'would-destroy', text: s })));
  if (refused && !(r.would_destroy || []).length) $('#would-destroy').append(el('li', { class: 'muted', text: '(none listed)' }));

  const ds = r.datasets || [];
  // Datasets being sent right now come first, with their own progress.
  const sending = (r.in_flight || []).map((d) => el('tr', { class: 'in-flight' },
    el('td', { 'data-label': 'Source → Destination' }, el('div', { text: d.source }), el('div', { class: 'muted', text: `→ ${d.destination}` })),
    el('td', { 'data-label': 'Mode', text: 'sending' }),
    el('td', { 'data-label': 'Bytes', text: d.bytes_total ? `${fmtBytes(d.bytes)} of ${fmtBytes(d.bytes_total)}` : fmtBytes(d.bytes) }),
    el('td', { 'data-label': 'Snapshots', text: '…' }),
    el('td', { 'data-label': 'Result', text: d.bytes_total ? `${Math.min(100, Math.floor((d.bytes * 100) / d.bytes_total))}%` : 'running' })));
  $('#run-datasets-wrap').hidden = !ds.length && !sending.length;
  $('#run-datasets tbody').replaceChildren(...sending, ...ds.map((d) => el('tr', {},
    el('td', { 'data-label': 'Source → Destination' }, el('div', { text: d.source }), el('div', { class: 'muted', text: `→ ${d.destination}` })),
    el('td', { 'data-label': 'Mode', text: d.mode || '—' }),
    el('td', { 'data-label': 'Bytes', text: fmtBytes(d.bytes) }),
    el('td', { 'data-label': 'Snapshots', text: String(d.snapshots ?? '—') }),
    el('td', { 'data-label': 'Result' },
      d.error ? el('span', { class: 'err', text: d.error }) : el('span', { class: 'ok', text: 'ok' }),
      (d.destroyed || []).length ? el('div', { class: 'muted small-text', text: `destroyed: ${d.destroyed.join(', ')}` }) : null))));
}

// Follows the end of a growing log unless the reader scrolled up to read.
function renderLog(text, running) {
  const pre = $('#log');
  const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8;
  if (pre.textContent !== text) pre.textContent = text || '(the log is empty)';
  if ((running && (atEnd || !logState.loaded))) pre.scrollTop = pre.scrollHeight;
  logState.loaded = true;
}

async function loadRunList(name, number) {
  const select = $('#log-run');
  select.replaceChildren();
  select.hidden = true;
  try {
    const runs = (await api('GET', `${taskPath(name)}/runs`)).runs || [];
    if (logState.name !== name) return;
    select.replaceChildren(...runs.map((r) => el('option', { value: r.number, selected: r.number === number },
      `Run ${r.number} · ${r.state} · ${new Date(r.started * 1000).toLocaleString()}`)));
    select.hidden = runs.length < 2;
  } catch (e) {
    showApiError(e, `Runs of “${name}”: `);
  }
}

// With a token the plain download link would be refused (401): fetch it with the header instead.
async function downloadWithToken(ev) {
  if (!token) return;
  ev.preventDefault();
  const a = ev.currentTarget;
  try {
    const text = await api('GET', a.getAttribute('href'), undefined, { text: true });
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const tmp = el('a', { href: url, download: a.getAttribute('download') });
    document.body.append(tmp);
    tmp.click();
    tmp.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) {
    showApiError(e, 'Download the log: ');
  }
}

async function copyFromScratch() {
  const { name } = logState;
  const snaps = $$('#would-destroy li.would-destroy').map((li) => li.textContent);
  $('#cr-text').textContent = snaps.length
    ? 'These snapshots will be destroyed at the destination:'
    : 'No destination snapshot is listed as destroyed, but the destination is re-copied in full.';
  $('#cr-list').replaceChildren(...snaps.map((s) => el('li', { class: 'recopy-item', text: s })));
  if (!(await confirmDialog($('#confirm-recopy')))) return;
  try {
    const r = await api('POST', `${taskPath(name)}/start`, { allow_from_scratch: true });
    announce(`Run ${r.run} of “${name}” started, copying from scratch.`);
    refreshTask(name);
    openLog(name, r.run);
  } catch (e) {
    showApiError(e, `Copy “${name}” from scratch: `);
  }
}

/* ---------- wiring ---------- */

function init() {
  $('#add-task').addEventListener('click', () => openWizard(null));
  $('#wizard').addEventListener('submit', submitWizard);
  $('#cancel').addEventListener('click', closeWizard);
  $('#f-schedule-preset').addEventListener('change', () => { showCron(); if (!$('#cron-field').hidden) $('#f-cron').focus(); });
  $('#f-sources').addEventListener('input', syncSourceChecks);
  $('#f-target').addEventListener('input', syncTargetPick);
  $('#source-tree').addEventListener('change', (ev) => {
    const c = ev.target;
    if (!c.matches('input[type=checkbox][data-dataset]')) return;
    const names = parseLines(input('source_datasets').value).filter((n) => n !== c.dataset.dataset);
    if (c.checked) names.push(c.dataset.dataset);
    input('source_datasets').value = lines(names);
  });
  $('#target-tree').addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-dataset]');
    if (b) pickTarget(b.dataset.dataset);
  });
  for (const f of $$('.tree-filter')) f.addEventListener('input', () => filterTree(f));
  for (const tree of [$('#source-tree'), $('#target-tree')]) {
    tree.addEventListener('keydown', treeKeys);
    // A click (or a screen reader's own navigation) moves the Tab stop to what it reached.
    tree.addEventListener('focusin', (ev) => { if (ev.target.matches('input, button')) rove(tree, ev.target); });
  }
  $('#log-close').addEventListener('click', closeLog);
  $('#log-run').addEventListener('change', (ev) => openLog(logState.name, Number(ev.target.value)));
  $('#log-download').addEventListener('click', downloadWithToken);
  $('#copy-from-scratch').addEventListener('click', copyFromScratch);
  // Esc leaves the log view and the wizard as it closes a dialog (dialogs handle their own
  // Esc). In a filter with text, Esc first clears the filter; a wizard saving stays.
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape' || ev.defaultPrevented || document.querySelector('dialog[open]')) return;
    if (!$('#log-view').hidden) {
      closeLog();
    } else if (!$('#wizard-view').hidden) {
      if (ev.target.matches('input[type=search]') && ev.target.value) return;
      if ($('#wizard').hasAttribute('aria-busy')) return;
      ev.preventDefault();
      closeWizard();
    }
  });
  refreshTasks()
    .catch((e) => { $('#loading').textContent = 'The task list could not be loaded.'; showApiError(e, 'Cannot load the task list: ', 'conn'); })
    .finally(startLive);
}

init();
