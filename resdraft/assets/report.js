
(function () {
  function places(id) { return document.querySelectorAll('[data-ref~="' + id + '"]'); }
  function go(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    el.scrollIntoView({block: 'center', behavior: 'auto'});
    document.querySelectorAll('.flash, .current').forEach(function (e) { e.classList.remove('flash', 'current'); });
    el.classList.add('current');
    places(id).forEach(function (e) { void e.offsetWidth; e.classList.add('flash'); });
    return el;
  }
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest ? ev.target.closest('a.go') : null;
    if (!a) { return; }
    ev.preventDefault();
    var id = a.getAttribute('href').slice(1);
    if (location.hash !== '#' + id) { location.hash = id; }
    go(id);
  });
  window.addEventListener('hashchange', function () {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id && !/^selftest/.test(id)) { go(id); }
  });
  window.addEventListener('load', function () {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (!/^selftest/.test(hash)) { if (hash) { go(hash); } return; }
    var n = parseInt(hash.split('=')[1] || '1', 10);
    var links = document.querySelectorAll('aside a.go');
    var link = links[n - 1];
    var out = {links: links.length, clicked: null};
    if (link) {
      link.click();
      var el = document.querySelector('.current');
      var rect = el ? el.getBoundingClientRect() : null;
      out = {links: links.length, clicked: link.getAttribute('href'), hash: location.hash,
             current: el ? el.id : null, tag: el ? el.tagName.toLowerCase() : null,
             top: rect ? rect.top : null, bottom: rect ? rect.bottom : null,
             viewport: window.innerHeight, scrollY: window.scrollY,
             flashed: document.querySelectorAll('.flash').length};
    }
    document.getElementById('selftest-result').textContent = JSON.stringify(out);
  });
})();
