/*
 * Hostile page behaviour: every second, remove elements that appeared directly under <body> or
 * <html> after load, and re-append the aggressive stylesheet so it stays last in the cascade.
 * window.__hostileRemoved counts the removals, for tests.
 */
(function () {
  'use strict';
  var knownBody = Array.prototype.slice.call(document.body.children);
  var knownRoot = Array.prototype.slice.call(document.documentElement.children);
  window.__hostileRemoved = 0;

  function sweep(parent, known) {
    Array.prototype.slice.call(parent.children).forEach(function (el) {
      if (known.indexOf(el) === -1) {
        el.remove();
        window.__hostileRemoved += 1;
      }
    });
  }

  function reassertStyles() {
    var link = document.querySelector('link[href="hostile.css"]');
    if (link && link !== document.head.lastElementChild) document.head.appendChild(link);
  }

  window.__hostileSweep = function () {
    sweep(document.body, knownBody);
    sweep(document.documentElement, knownRoot);
    reassertStyles();
  };
  setInterval(window.__hostileSweep, 1000);
})();
