/* Autosave for the field-work forms: nothing a visitor types is lost.
 *
 * A form with data-autosave="<url>" and data-autosave-key="<key>":
 * - every change is kept in localStorage at once, and sent to the server a second after typing
 *   stops; the local copy is dropped only when the server has it;
 * - a failed save says so beside the form and is retried (and when the connection returns);
 * - a text left on this device by a failed save is put back when the page is opened again and
 *   sent with the version it was typed on, so a newer saved version shows as a conflict;
 * - a refused edit (409) shows both versions; "Save my merged text" saves over the current one
 *   (findings carry a version number, shared notes and answers a fingerprint of the saved text).
 * Files are never autosaved: they go with the form's own Save button.
 */
(function () {
  'use strict';

  var PREFIX = 'pv-autosave:';
  var DELAY = 1000;
  var RETRY = 5000;

  // The translated messages come from a json_script element (no inline script: CSP).
  function autosaveTexts() {
    var el = document.getElementById('pv-autosave-text');
    try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
  }

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function fieldsOf(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === 'file' || el.type === 'submit' || el.name === 'csrfmiddlewaretoken') return;
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) return;
      values[el.name] = el.value;
    });
    return values;
  }

  function applyFields(form, values) {
    Object.keys(values).forEach(function (name) {
      var els = form.querySelectorAll('[name="' + name.replace(/"/g, '') + '"]');
      Array.prototype.forEach.call(els, function (el) {
        if (el.type === 'radio' || el.type === 'checkbox') el.checked = el.value === values[name];
        else if (el.type !== 'file') el.value = values[name];
      });
    });
  }

  function sameFields(a, b) {
    var keys = Object.keys(a).concat(Object.keys(b));
    return keys.every(function (k) { return (a[k] || '') === (b[k] || ''); });
  }

  function setStatus(form, kind, text) {
    var el = form.querySelector('[data-autosave-status]');
    if (!el) return;
    el.className = 'autosave-status small autosave-' + kind;
    var icon = { saved: 'bi-cloud-check', saving: 'bi-arrow-repeat', error: 'bi-exclamation-triangle-fill', local: 'bi-phone' }[kind];
    el.innerHTML = '';
    var i = document.createElement('i');
    i.className = 'bi ' + icon;
    i.setAttribute('aria-hidden', 'true');
    el.appendChild(i);
    el.appendChild(document.createTextNode(' ' + text));
  }

  function showFieldErrors(form, errors) {
    Array.prototype.forEach.call(form.querySelectorAll('.autosave-error'), function (el) { el.remove(); });
    Array.prototype.forEach.call(form.querySelectorAll('.is-invalid[data-autosave-invalid]'), function (el) {
      el.classList.remove('is-invalid');
      el.removeAttribute('data-autosave-invalid');
    });
    Object.keys(errors || {}).forEach(function (name) {
      var el = form.querySelector('[name="' + name + '"]:not([type=hidden])');
      if (!el) return;
      if (el.type !== 'radio') { el.classList.add('is-invalid'); el.setAttribute('data-autosave-invalid', ''); }
      var msg = document.createElement('div');
      msg.className = 'invalid-feedback d-block autosave-error';
      msg.textContent = errors[name].join(' ');
      (el.closest('.mb-3') || el.parentNode).appendChild(msg);
    });
  }

  function Autosave(form) {
    this.form = form;
    this.url = form.getAttribute('data-autosave');
    this.key = PREFIX + form.getAttribute('data-autosave-key');
    this.timer = null;
    this.inFlight = false;
    this.pending = false;
    this.paused = false;
    this.edits = 0;
    this.t = autosaveTexts();
    var self = this;
    form.addEventListener('input', function (e) { if (e.target.type !== 'file') self.changed(); });
    form.addEventListener('change', function (e) { if (e.target.type !== 'file') self.changed(); });
    form.addEventListener('click', function (e) {
      var merge = e.target.closest('[data-merge-version]');
      if (merge) {
        var version = form.querySelector('[name=version]');
        if (version) version.value = merge.getAttribute('data-merge-version');
        self.paused = false;
        form.querySelector('[data-conflict]').innerHTML = '';
        self.keepLocal();
        self.save();
      }
      var mergeBases = e.target.closest('[data-merge-bases]');
      if (mergeBases) {
        self.applyBases(JSON.parse(mergeBases.getAttribute('data-merge-bases')));
        self.paused = false;
        form.querySelector('[data-conflict]').innerHTML = '';
        self.keepLocal();
        self.save();
      }
      if (e.target.closest('[data-discard-local]')) {
        var s = storage();
        if (s) s.removeItem(self.key);
      }
    });
    // The form's own Save sends everything: no draft save may land after it.
    form.addEventListener('submit', function () { clearTimeout(self.timer); self.paused = true; });
    window.addEventListener('online', function () { if (self.hasLocal()) self.save(); });
    this.restore();
  }

  Autosave.prototype.applyBases = function (bases) {
    var form = this.form;
    Object.keys(bases || {}).forEach(function (name) {
      var input = form.querySelector('[name="' + name + '"]');
      if (input) input.value = bases[name];
    });
  };

  Autosave.prototype.text = function (name, fallback) { return this.t[name] || fallback; };

  Autosave.prototype.hasLocal = function () {
    var s = storage();
    return !!(s && s.getItem(this.key));
  };

  Autosave.prototype.keepLocal = function () {
    var s = storage();
    if (!s) return;
    try {
      s.setItem(this.key, JSON.stringify({ fields: fieldsOf(this.form), at: Date.now() }));
    } catch (e) { /* storage full: the server copy is still tried */ }
  };

  Autosave.prototype.restore = function () {
    var s = storage();
    if (!s) return;
    var raw = s.getItem(this.key);
    if (!raw) return;
    var stored;
    try { stored = JSON.parse(raw); } catch (e) { s.removeItem(this.key); return; }
    if (!stored || !stored.fields || sameFields(stored.fields, fieldsOf(this.form))) {
      s.removeItem(this.key);
      return;
    }
    applyFields(this.form, stored.fields);
    setStatus(this.form, 'local', this.text('restored', 'Text from this device that had not been saved was put back; saving it now…'));
    this.save();
  };

  Autosave.prototype.changed = function () {
    this.edits += 1;
    this.keepLocal();
    if (this.paused) return;
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.save(); }, DELAY);
  };

  Autosave.prototype.save = function () {
    if (this.paused) return;
    if (this.inFlight) { this.pending = true; return; }
    var self = this;
    var body = new FormData(this.form);
    body.delete('evidence');
    var editsAtStart = this.edits;
    this.inFlight = true;
    setStatus(this.form, 'saving', this.text('saving', 'Saving…'));
    fetch(this.url, {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { 'X-Autosave': '1', 'X-Requested-With': 'fetch' }
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; },
        function () { return { status: response.status, data: {} }; });
    }).then(function (result) {
      self.inFlight = false;
      var data = result.data || {};
      if (result.status === 200 && data.ok) {
        if (data.version) {
          var version = self.form.querySelector('[name=version]');
          if (version) version.value = data.version;
        }
        self.applyBases(data.bases);
        showFieldErrors(self.form, {});
        if (self.edits === editsAtStart) {
          var s = storage();
          if (s) s.removeItem(self.key);
        }
        setStatus(self.form, 'saved', self.text('saved', 'Saved') + ' ' + (data.saved_at || ''));
      } else if (data.conflict) {
        self.paused = true;
        self.form.querySelector('[data-conflict]').innerHTML = data.html || '';
        setStatus(self.form, 'error', data.message);
        self.form.querySelector('[data-conflict]').scrollIntoView({ block: 'start' });
      } else if (result.status === 400 || result.status === 409) {
        showFieldErrors(self.form, data.errors);
        setStatus(self.form, 'error', (data.message || self.text('failed', 'Not saved.')) + ' ' + self.text('kept', 'Your text is kept on this device.'));
      } else {
        throw new Error('HTTP ' + result.status);
      }
      if (self.pending) { self.pending = false; self.save(); }
    }).catch(function () {
      self.inFlight = false;
      self.pending = false;
      setStatus(self.form, 'error', self.text('offline', 'Not saved: no connection to the server. Your text is kept on this device and will be saved when the connection returns.'));
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.save(); }, RETRY);
    });
  };

  function init() {
    var s = storage();
    Array.prototype.forEach.call(document.querySelectorAll('[data-autosave-clear]'), function (el) {
      if (s) s.removeItem(PREFIX + el.getAttribute('data-autosave-clear'));
    });
    Array.prototype.forEach.call(document.querySelectorAll('form[data-autosave]'), function (form) {
      form.pvAutosave = new Autosave(form);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
