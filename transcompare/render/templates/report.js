
(function () {
  'use strict';
  var all = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  var body = document.body;
  var state = { lang: body.getAttribute('data-lang') || '', sort: 'outlets', sid: '', q: '', off: {} };
  var countEl = document.getElementById('count');

  function cmp(a, b) {
    var na = +a.getAttribute('data-n'), nb = +b.getAttribute('data-n');
    var da = +a.getAttribute('data-div'), db = +b.getAttribute('data-div');
    var r = state.sort === 'divergence' ? (db - da) || (nb - na) : (nb - na);  // ties: order of first appearance
    if (r) { return r; }
    var sa = a.getAttribute('data-sid'), sb = b.getAttribute('data-sid');
    return sa < sb ? -1 : (sa > sb ? 1 : 0);
  }

  var textCache = new WeakMap();
  function lower(el) {  // an element's text, lower-cased, computed once (the page never changes text)
    var t = textCache.get(el);
    if (t === undefined) { t = el.textContent.toLocaleLowerCase(); textCache.set(el, t); }
    return t;
  }
  function show(el, on) { if (el.hidden === on) { el.hidden = !on; } }

  function markSearch(q, roots) {
    if (!(window.CSS && CSS.highlights && window.Highlight)) { return; }
    CSS.highlights.delete('tc-search');
    if (!q) { return; }
    var ranges = [];
    roots.forEach(function (root) {
      var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      var node;
      while ((node = walker.nextNode())) {
        var text = node.nodeValue.toLocaleLowerCase(), at = text.indexOf(q);
        while (at >= 0 && ranges.length < 2000) {
          var r = new Range(); r.setStart(node, at); r.setEnd(node, at + q.length); ranges.push(r);
          at = text.indexOf(q, at + q.length);
        }
      }
    });
    var hl = new Highlight();
    ranges.forEach(function (r) { hl.add(r); });
    CSS.highlights.set('tc-search', hl);
  }

  var shownLang = null;
  var arts = all('.art');
  function apply() {
    if (shownLang !== state.lang) {
      all('[data-vl]').forEach(function (el) { show(el, el.getAttribute('data-vl') === state.lang); });
      all('.langs button').forEach(function (b) {
        b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === state.lang));
      });
      body.setAttribute('data-lang', state.lang);
      shownLang = state.lang;
    }
    var q = state.q.trim().toLocaleLowerCase();
    var shown = 0, total = 0, visible = [];
    all('.stmts').forEach(function (box) {
      if (box.getAttribute('data-vl') !== state.lang) { return; }
      var cards = all('.st', box);
      if ((box.getAttribute('data-sorted') || 'outlets') !== state.sort) {  // the page is built sorted by outlets
        cards.sort(cmp);
        cards.forEach(function (card) { box.appendChild(card); });
        box.setAttribute('data-sorted', state.sort);
      }
      cards.forEach(function (card) {
        total += 1;
        var any = false, hit = !q;
        all('.mem', card).forEach(function (m) {
          var on = !state.off[m.getAttribute('data-outlet')];
          show(m, on);
          any = any || on;
          hit = hit || (on && lower(m).indexOf(q) >= 0);
        });
        var ok = any && hit && (!state.sid || card.getAttribute('data-sid') === state.sid);
        show(card, ok);
        if (ok) { shown += 1; visible.push(card); }
      });
    });
    var filtered = !!(q || state.sid || Object.keys(state.off).length);
    all('.story').forEach(function (sec) {  // a story is shown while a card of it is, or nothing is filtered
      var box = sec.querySelector('.stmts[data-vl="' + state.lang + '"]');
      var cards = box ? all('.st', box) : [];
      show(sec, cards.some(function (c) { return !c.hidden; }) || (!filtered && !cards.length));
    });
    var nArts = 0;
    arts.forEach(function (a) {
      var ok = !state.off[a.getAttribute('data-outlet')] && (!q || lower(a).indexOf(q) >= 0);
      show(a, ok);
      if (ok) { nArts += 1; visible.push(a); }
    });
    countEl.textContent = 'Showing ' + shown + ' of ' + total + ' statements and ' + nArts + ' of ' +
      arts.length + ' articles' + (q ? ' matching “' + state.q.trim() + '”' : '') + '.';
    markSearch(q, visible);
  }

  all('.langs button').forEach(function (b) {
    b.addEventListener('click', function () { state.lang = b.getAttribute('data-lang'); apply(); });
  });
  document.getElementById('sort').addEventListener('change', function (e) { state.sort = e.target.value; apply(); });
  var stmt = document.getElementById('stmt');
  stmt.addEventListener('change', function () { state.sid = stmt.value; apply(); });
  var search = document.getElementById('q');
  var typing = null;
  search.addEventListener('input', function () {
    clearTimeout(typing);
    typing = setTimeout(function () { state.q = search.value; apply(); }, 120);
  });
  all('#outlets input[type=checkbox]').forEach(function (c) {
    c.addEventListener('change', function () {
      if (c.checked) { delete state.off[c.value]; } else { state.off[c.value] = true; }
      apply();
    });
  });
  document.getElementById('controls').addEventListener('submit', function (e) { e.preventDefault(); });
  // #st-LANG-ID (a card's id) opens that statement in that language: links can be shared
  function fromHash() {
    var m = /^#st-([A-Za-z]{2,3})-(.+)$/.exec(location.hash);
    var card = m && document.getElementById(location.hash.slice(1));
    if (!card) { return false; }
    state.lang = m[1]; state.sid = m[2]; stmt.value = m[2]; state.q = ''; search.value = '';
    apply();
    card.scrollIntoView({ block: 'center' });
    return true;
  }
  window.addEventListener('hashchange', fromHash);
  function openStatement(sid) {
    var target = '#st-' + state.lang + '-' + sid;
    if (location.hash === target) { fromHash(); } else { location.hash = target; }
  }
  all('a.sent.aligned, a.sref').forEach(function (a) {
    a.addEventListener('click', function (e) { e.preventDefault(); openStatement(a.getAttribute('data-sid')); });
  });
  // a story in the list opens its section with all its statements (the statement and search filters cleared)
  all('a.story-link, a.story-ref').forEach(function (a) {
    a.addEventListener('click', function () {
      state.sid = ''; stmt.value = ''; state.q = ''; search.value = '';
      apply();
    });
  });
  // a column of the coverage matrix (its label or a cell) opens that statement
  all('.fig [data-statement]').forEach(function (el) {
    el.addEventListener('click', function () { openStatement(el.getAttribute('data-statement')); });
  });
  if (!fromHash()) { apply(); }
})();
