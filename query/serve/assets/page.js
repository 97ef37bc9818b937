// The search page works without this file; it only adds comfort.
// - "/" anywhere outside a text field puts the cursor in the search box.
// - "oldest first" is only offered for the date and id orders.
// - a link to #help opens the syntax help it points to.
(function () {
  'use strict';
  var box = document.getElementById('q');
  if (box) {
    document.addEventListener('keydown', function (event) {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      var t = event.target;
      var tag = t && t.tagName;
      if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (t && t.isContentEditable)) return;
      event.preventDefault();
      box.focus();
      box.select();
    });
  }
  var sort = document.getElementById('sort');
  var reverse = document.getElementById('reverse');
  if (sort && reverse) {
    var sync = function () {
      reverse.disabled = sort.value === 'relevance';
      if (reverse.disabled) reverse.checked = false;
    };
    sort.addEventListener('change', sync);
    sync();
  }
  var help = document.getElementById('help');
  if (help) {
    var openHelp = function () {
      if (location.hash === '#help') help.open = true;
    };
    window.addEventListener('hashchange', openHelp);
    openHelp();
  }
}());
