/* The visitor's field app: nothing typed or photographed is lost, nothing is hidden.
 *
 * Autosave — a form with data-autosave="<url>" and data-autosave-key="<key>":
 * - every change is kept on this device (IndexedDB) at once and sent a second after typing
 *   stops; the status beside the form says where the newest text is: "saved on this device,
 *   not yet sent" or "saved" (the server has it);
 * - after any reload the field shows the newest text: the device's copy when the server does
 *   not have it yet, or when the page itself is older than the device's last save (a page the
 *   service worker served from its cache while offline);
 * - a refused edit (409) shows both versions; "Save my merged text" saves over the current one.
 *
 * Queue — a form with data-offline-submit (the findings form, photos included) is kept on the
 * device before it is sent, with a key made here; if it cannot be sent now it waits and is sent
 * when the connection returns, in the order it was made, each once (the server honours the key).
 * A conflict found on sending is kept and shown on the form for merging, never dropped.
 * "N waiting to be sent" (#pv-offline) counts what the server does not have yet.
 */
(function () {
  'use strict';

  const DELAY = 1000;
  const RETRY = 5000;
  const SVG = 'http://www.w3.org/2000/svg';
  const bar = document.getElementById('pv-offline');
  const USER = bar ? bar.getAttribute('data-user') : 'anon';
  const RENDERED_AT = bar ? Number(bar.getAttribute('data-rendered-at')) : 0;
  let T = {};
  try { T = JSON.parse(document.getElementById('pv-autosave-text').textContent); } catch (e) { T = {}; }
  const t = (name, fallback) => T[name] || fallback;

  const iconSprite = (document.querySelector('meta[name="pv-icons"]') || {}).content || '';
  function svgIcon(name) {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'bi bi-' + name);
    svg.setAttribute('width', '1em');
    svg.setAttribute('height', '1em');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const use = document.createElementNS(SVG, 'use');
    use.setAttribute('href', iconSprite + '#' + name);
    svg.appendChild(use);
    return svg;
  }
  const ICONS = { saved: 'cloud-check', saving: 'arrow-repeat', error: 'exclamation-triangle-fill', local: 'phone' };

  /* --- The device's store: one IndexedDB object store of what the server may not have. --- */
  let dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = (window.idb && window.indexedDB)
        ? window.idb.openDB('pv-offline-' + USER, 1, {
          upgrade(d) { d.createObjectStore('pending', { keyPath: 'id' }); }
        })
        : Promise.reject(new Error('IndexedDB is not available'));
    }
    return dbPromise;
  }
  const store = {
    get: (id) => db().then((d) => d.get('pending', id)),
    put: (rec) => db().then((d) => d.put('pending', rec)),
    del: (id) => db().then((d) => d.delete('pending', id)),
    all: () => db().then((d) => d.getAll('pending')).then((list) => list.sort((a, b) => a.seq - b.seq))
  };
  let lastSeq = 0;
  function nextSeq() {
    const now = Date.now();
    lastSeq = now > lastSeq ? now : lastSeq + 1;
    return lastSeq;
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const input = document.querySelector('input[name=csrfmiddlewaretoken]');
    return input ? input.value : '';
  }

  /* --- Forms --- */
  function fieldsOf(form) {
    const values = {};
    Array.prototype.forEach.call(form.elements, (el) => {
      if (!el.name || el.type === 'file' || el.type === 'submit' || el.name === 'csrfmiddlewaretoken') return;
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) return;
      values[el.name] = el.value;
    });
    return values;
  }
  function applyFields(form, values) {
    Object.keys(values).forEach((name) => {
      if (name === 'submission_key') return;
      form.querySelectorAll('[name="' + name.replace(/"/g, '') + '"]').forEach((el) => {
        if (el.type === 'radio' || el.type === 'checkbox') el.checked = el.value === values[name];
        else if (el.type !== 'file') el.value = values[name];
      });
    });
  }
  function textOnly(values) {
    const copy = Object.assign({}, values);
    delete copy.submission_key;
    return copy;
  }
  function sameFields(a, b) {
    a = textOnly(a); b = textOnly(b);
    return Object.keys(a).concat(Object.keys(b)).every((k) => (a[k] || '') === (b[k] || ''));
  }
  function hasText(form) {
    return Array.prototype.some.call(form.querySelectorAll('textarea, input[type=text]'), (el) => el.value.trim());
  }
  function setStatus(form, kind, text) {
    const el = form.querySelector('[data-autosave-status]');
    if (!el) return;
    el.className = 'autosave-status small autosave-' + kind;
    el.setAttribute('data-state', kind);
    el.textContent = '';
    el.appendChild(svgIcon(ICONS[kind]));
    el.appendChild(document.createTextNode(' ' + text));
  }
  function showFieldErrors(form, errors) {
    form.querySelectorAll('.autosave-error').forEach((el) => el.remove());
    form.querySelectorAll('.is-invalid[data-autosave-invalid]').forEach((el) => {
      el.classList.remove('is-invalid');
      el.removeAttribute('data-autosave-invalid');
    });
    Object.keys(errors || {}).forEach((name) => {
      const el = form.querySelector('[name="' + name + '"]:not([type=hidden])');
      if (!el) return;
      if (el.type !== 'radio') { el.classList.add('is-invalid'); el.setAttribute('data-autosave-invalid', ''); }
      const msg = document.createElement('div');
      msg.className = 'invalid-feedback d-block autosave-error';
      msg.textContent = errors[name].join(' ');
      (el.closest('.mb-3') || el.parentNode).appendChild(msg);
    });
  }
  function showConflict(form, html) {
    const box = form.querySelector('[data-conflict]');
    if (!box) return;
    box.innerHTML = html || '';
    if (html) box.scrollIntoView({ block: 'start' });
  }
  const DEVICE = () => t('device', 'Saved on this device, not yet sent.');

  /* --- Sending: one request for a queued item; what came back decides what is kept. --- */
  async function send(rec) {
    const body = new FormData();
    Object.keys(rec.fields).forEach((name) => body.append(name, rec.fields[name]));
    (rec.files || []).forEach((f) => body.append(f.name, f.file, f.file.name));
    if (rec.kind === 'submit') body.set('submission_key', rec.key);
    const headers = { 'X-CSRFToken': csrfToken(), 'X-Requested-With': 'fetch' };
    headers[rec.kind === 'submit' ? 'X-Offline-Queue' : 'X-Autosave'] = '1';
    let response;
    let data;
    try {
      response = await fetch(rec.url, { method: 'POST', body, headers, credentials: 'same-origin' });
      data = await response.json();
    } catch (e) {
      return { result: 'offline' };  // no connection, or not our JSON (a login page): try later
    }
    if (response.ok && data.ok) {
      if (rec.kind === 'submit') await store.del(rec.id);
      else await markSent(rec, rec.fields, data);
      return { result: 'sent', data };
    }
    if (response.status >= 500) return { result: 'offline' };
    const kept = Object.assign({}, rec, {
      state: data.conflict ? 'conflict' : 'refused',
      conflictHtml: data.html || '',
      message: data.message || '',
      errors: data.errors || {}
    });
    await store.put(kept);
    return { result: data.conflict ? 'conflict' : 'refused', data };
  }
  async function markSent(rec, fields, data) {
    const current = await store.get(rec.id);
    // Newer typing arrived while this was on its way: that stays waiting.
    if (current && current.seq !== rec.seq) return;
    await store.put(Object.assign({}, rec, { state: 'sent', fields, serverTs: data.saved_ts || 0 }));
  }

  /* --- The queue: everything waiting, in the order it was made, one tab at a time. --- */
  const live = {};  // autosave forms on this page send their own drafts
  let flushing = false;
  let again = false;
  let retryTimer = null;
  async function flush() {
    // Asked again while sending (the connection came back while a send was failing): go
    // round once more when this round ends, not at the next retry.
    if (flushing) { again = true; return; }
    flushing = true;
    const run = async () => {
      const items = (await store.all()).filter((r) => r.user === USER && r.state === 'pending');
      for (const rec of items) {
        if (rec.kind === 'draft' && live[rec.formKey]) continue;
        const { result } = await send(rec);
        if (result === 'offline') break;
      }
    };
    do {
      again = false;
      try {
        if (navigator.locks) await navigator.locks.request('pv-offline-queue', run);
        else await run();
      } catch (e) { /* IndexedDB unavailable: the forms post as plain forms */ }
    } while (again);
    flushing = false;
    await refreshBar();
  }
  function scheduleRetry() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, RETRY * 3);
  }

  async function refreshBar() {
    if (!bar) return;
    let items = [];
    // A draft this page is about to send (a second after typing) is not counted until a try fails.
    const quiet = (r) => r.kind === 'draft' && r.state === 'pending' && live[r.formKey] && !live[r.formKey].failed;
    try { items = (await store.all()).filter((r) => r.user === USER && r.state !== 'sent' && !quiet(r)); } catch (e) { items = []; }
    const count = bar.querySelector('[data-offline-count]');
    const list = bar.querySelector('[data-offline-list]');
    const net = bar.querySelector('[data-offline-network]');
    if (net) net.hidden = navigator.onLine;
    if (count) count.textContent = items.length ? t('waiting', '%(count)s waiting to be sent').replace('%(count)s', items.length) : '';
    bar.setAttribute('data-waiting', String(items.length));
    bar.hidden = !items.length && navigator.onLine;
    if (list) {
      list.textContent = '';
      items.forEach((rec) => {
        const li = document.createElement('li');
        const label = { pending: t('not_sent', 'Not yet sent'), conflict: t('needs_merge', 'Changed by someone else: open it to merge'), refused: t('refused', 'Not accepted: open it to correct') }[rec.state] || '';
        const a = document.createElement('a');
        a.href = rec.page;
        a.textContent = rec.title || t('untitled', 'Finding');
        li.appendChild(document.createTextNode(label + ': '));
        li.appendChild(a);
        if (rec.message && rec.state !== 'pending') li.appendChild(document.createTextNode(' — ' + rec.message));
        li.setAttribute('data-state', rec.state);
        list.appendChild(li);
      });
    }
    if (items.some((r) => r.state === 'pending')) scheduleRetry();
  }

  /* --- Autosave of one form --- */
  function Autosave(form) {
    this.form = form;
    this.url = form.getAttribute('data-autosave');
    this.formKey = form.getAttribute('data-autosave-key');
    this.id = 'draft:' + this.formKey;
    this.timer = null;
    this.inFlight = false;
    this.pending = false;
    this.paused = false;
    this.edits = 0;
    live[this.formKey] = this;
    form.addEventListener('input', (e) => { if (e.target.type !== 'file') this.changed(); });
    form.addEventListener('change', (e) => { if (e.target.type !== 'file') this.changed(); });
    form.addEventListener('click', (e) => this.clicked(e));
    if (!form.hasAttribute('data-offline-submit')) {
      // The form's own Save sends everything: no draft save may land after it.
      form.addEventListener('submit', () => { clearTimeout(this.timer); this.paused = true; });
    }
    window.addEventListener('online', () => { if (this.waiting) this.save(); });
    this.restore();
  }

  Autosave.prototype.record = function () {
    return {
      id: this.id, kind: 'draft', user: USER, formKey: this.formKey, url: this.url,
      page: location.pathname, fields: fieldsOf(this.form), seq: nextSeq(), state: 'pending',
      title: titleOf(this.form)
    };
  };

  Autosave.prototype.clicked = function (e) {
    const merge = e.target.closest('[data-merge-version]');
    const mergeBases = e.target.closest('[data-merge-bases]');
    if (merge) {
      const version = this.form.querySelector('[name=version]');
      if (version) version.value = merge.getAttribute('data-merge-version');
    }
    if (mergeBases) this.applyBases(JSON.parse(mergeBases.getAttribute('data-merge-bases')));
    if (merge || mergeBases) {
      this.paused = false;
      showConflict(this.form, '');
      this.keepLocal();
      requeueSubmits(this.formKey, fieldsOf(this.form)).then(flush);
      this.save();
    }
    if (e.target.closest('[data-discard-local]')) {
      store.del(this.id).catch(() => {});
      dropSubmits(this.formKey);
    }
  };

  Autosave.prototype.applyBases = function (bases) {
    Object.keys(bases || {}).forEach((name) => {
      const input = this.form.querySelector('[name="' + name + '"]');
      if (input) input.value = bases[name];
    });
  };

  Autosave.prototype.keepLocal = function () {
    this.waiting = true;
    return store.put(this.record()).then(refreshBar).catch(() => {});
  };

  Autosave.prototype.restore = async function () {
    let rec = null;
    try { rec = await store.get(this.id); } catch (e) { rec = null; }
    const onPage = fieldsOf(this.form);
    if (rec && rec.state === 'sent') {
      // The server had this text; a page older than that save (from the offline cache) does not.
      if (rec.serverTs > RENDERED_AT && !sameFields(rec.fields, onPage)) applyFields(this.form, rec.fields);
      else await store.del(this.id).catch(() => {});
      setStatus(this.form, 'saved', t('saved', 'Saved'));
      return;
    }
    if (!rec || !rec.fields || sameFields(rec.fields, onPage)) {
      if (rec) await store.del(this.id).catch(() => {});
      if (hasText(this.form)) setStatus(this.form, 'saved', t('saved', 'Saved'));
      return;
    }
    applyFields(this.form, rec.fields);
    this.waiting = true;
    if (rec.state === 'conflict') {
      this.paused = true;
      showConflict(this.form, rec.conflictHtml);
      setStatus(this.form, 'error', rec.message || DEVICE());
      return;
    }
    setStatus(this.form, 'local', DEVICE());
    this.save();
  };

  Autosave.prototype.changed = function () {
    this.edits += 1;
    this.keepLocal();
    if (this.paused) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.save(), DELAY);
  };

  Autosave.prototype.save = async function () {
    if (this.paused) return;
    if (this.inFlight) { this.pending = true; return; }
    const editsAtStart = this.edits;
    const rec = this.record();
    rec.seq = ((await store.get(this.id).catch(() => null)) || rec).seq;
    this.inFlight = true;
    setStatus(this.form, 'saving', t('saving', 'Saving…'));
    const { result, data } = await send(rec).catch(() => ({ result: 'offline' }));
    this.inFlight = false;
    this.failed = result === 'offline';
    if (result === 'sent') {
      const version = this.form.querySelector('[name=version]');
      if (data.version && version) version.value = data.version;
      this.applyBases(data.bases);
      showFieldErrors(this.form, {});
      if (this.edits === editsAtStart) {
        this.waiting = false;
        setStatus(this.form, 'saved', t('saved', 'Saved') + ' ' + (data.saved_at || ''));
      }
    } else if (result === 'conflict') {
      this.paused = true;
      showConflict(this.form, data.html);
      setStatus(this.form, 'error', data.message);
    } else if (result === 'refused') {
      showFieldErrors(this.form, data.errors);
      setStatus(this.form, 'error', (data.message || t('failed', 'Not saved.')) + ' ' + t('kept', 'Your text is kept on this device.'));
    } else {
      this.pending = false;
      setStatus(this.form, 'local', DEVICE() + ' ' + t('offline', 'No connection to the server: it will be sent when the connection returns.'));
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.save(), RETRY);
    }
    refreshBar();
    if (this.pending) { this.pending = false; this.save(); }
  };

  function titleOf(form) {
    const d = form.querySelector('[name=description], textarea');
    const text = d ? d.value.trim() : '';
    return text.length > 60 ? text.slice(0, 60) + '…' : text;
  }

  async function submitsFor(formKey) {
    return (await store.all()).filter((r) => r.kind === 'submit' && r.formKey === formKey && r.user === USER);
  }
  async function requeueSubmits(formKey, fields) {
    for (const rec of await submitsFor(formKey).catch(() => [])) {
      if (rec.state === 'pending') continue;
      await store.put(Object.assign(rec, { fields: Object.assign({}, fields, { submission_key: rec.key }), state: 'pending', seq: nextSeq() }));
    }
  }
  async function dropSubmits(formKey) {
    for (const rec of await submitsFor(formKey).catch(() => [])) await store.del(rec.id);
  }

  /* --- The findings form: kept on the device first, then sent --- */
  function OfflineSubmit(form, autosave) {
    form.addEventListener('submit', (e) => {
      if (!window.indexedDB || !window.idb || !window.fetch) return;  // a plain form post
      e.preventDefault();
      this.submit(form, autosave);
    });
    this.restore(form, autosave);
  }

  // Each press of Save is a new item with a new key; a retry of the same item reuses its key.
  OfflineSubmit.prototype.submit = async function (form, autosave) {
    if (autosave) { clearTimeout(autosave.timer); autosave.paused = true; }
    const key = newKey();
    const fileInput = form.querySelector('input[type=file]');
    const files = fileInput ? Array.from(fileInput.files).map((file) => ({ name: fileInput.name, file })) : [];
    const formKey = form.getAttribute('data-autosave-key');
    const rec = {
      id: 'submit:' + key, kind: 'submit', key, user: USER, formKey, url: form.action,
      page: location.pathname, fields: Object.assign(fieldsOf(form), { submission_key: key }),
      files, seq: nextSeq(), state: 'pending', title: titleOf(form)
    };
    try {
      for (const old of await submitsFor(formKey)) if (old.id !== rec.id) await store.del(old.id);
      await store.put(rec);
      await store.del('draft:' + formKey);
    } catch (e) {
      form.submit();  // no device storage: the plain form post, as before
      return;
    }
    setStatus(form, 'saving', t('sending', 'Saved on this device; sending…'));
    const { result, data } = await send(rec);
    const visitUrl = form.getAttribute('data-visit-url');
    if (result === 'sent') {
      location.assign(data.visit_url + '#finding-' + data.finding);
    } else if (result === 'offline') {
      setStatus(form, 'local', DEVICE() + ' ' + t('offline', 'No connection to the server: it will be sent when the connection returns.'));
      // The visit page opens from the device when the service worker keeps it.
      if (navigator.serviceWorker && navigator.serviceWorker.controller) location.assign(visitUrl);
      else form.reset();
    } else if (result === 'conflict') {
      showConflict(form, data.html);
      setStatus(form, 'error', data.message);
      if (autosave) autosave.paused = true;
    } else {
      await store.del(rec.id);
      showFieldErrors(form, data.errors);
      setStatus(form, 'error', data.message || t('failed', 'Not saved.'));
      if (autosave) { autosave.paused = false; autosave.keepLocal(); }
    }
    refreshBar();
  };

  // A form that was refused or met a conflict while sent from the queue opens with that text.
  OfflineSubmit.prototype.restore = async function (form, autosave) {
    const formKey = form.getAttribute('data-autosave-key');
    const recs = await submitsFor(formKey).catch(() => []);
    const rec = recs.find((r) => r.state !== 'pending');
    if (!rec) return;
    applyFields(form, rec.fields);
    if (autosave) autosave.paused = true;
    if (rec.state === 'conflict') showConflict(form, rec.conflictHtml);
    else showFieldErrors(form, rec.errors);
    const photos = (rec.files || []).length ? ' ' + t('photos_kept', 'Its photos are kept and go with it.') : '';
    setStatus(form, 'error', (rec.message || DEVICE()) + photos);
  };

  /* --- Start --- */
  function registerServiceWorker() {
    if (!bar || !('serviceWorker' in navigator)) return;
    const url = bar.getAttribute('data-sw');
    if (url) navigator.serviceWorker.register(url, { scope: bar.getAttribute('data-sw-scope') }).catch(() => {});
  }

  async function init() {
    document.querySelectorAll('[data-autosave-clear]').forEach((el) => {
      store.del('draft:' + el.getAttribute('data-autosave-clear')).catch(() => {});
    });
    document.querySelectorAll('form[data-autosave]').forEach((form) => {
      form.pvAutosave = new Autosave(form);
      if (form.hasAttribute('data-offline-submit')) form.pvSubmit = new OfflineSubmit(form, form.pvAutosave);
    });
    window.addEventListener('online', () => { refreshBar(); flush(); });
    window.addEventListener('offline', refreshBar);
    registerServiceWorker();
    await refreshBar();
    if (navigator.onLine) flush();
  }

  // A field that takes focus under the sticky Save bar is scrolled above it (scroll-padding in
  // fieldwork.css does this where the browser applies it to focus).
  document.addEventListener('focusin', (e) => {
    const sticky = document.querySelector('.sticky-actions');
    if (!sticky || sticky.contains(e.target) || !e.target.matches('input, textarea, select')) return;
    // After the browser's own scrolling for the focus, which may leave it partly covered.
    requestAnimationFrame(() => {
      const barTop = sticky.getBoundingClientRect().top;
      const box = e.target.getBoundingClientRect();
      const by = Math.min(box.bottom - barTop + 16, box.top - 8);
      if (box.bottom > barTop - 8) window.scrollBy({ top: by, behavior: 'instant' });
    });
  });

  // Logging out drops the pages kept on this device (a shared phone shows them to no one else);
  // what waits to be sent stays, under this account, until it logs in again.
  document.addEventListener('submit', (e) => {
    const form = e.target;
    if (!form.matches('form[action*="/logout/"]') || !window.caches || form.dataset.cleared) return;
    e.preventDefault();
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('pv-pages')).map((n) => caches.delete(n))))
      .finally(() => { form.dataset.cleared = '1'; form.submit(); });
  });

  window.pvOffline = { flush, store, refreshBar };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
