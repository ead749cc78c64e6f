/* The page's own submission: 发送处方 records the item codes in window.__submitted. */
(function () {
  'use strict';
  document.getElementById('sendRx').addEventListener('click', function () {
    var codes = Array.prototype.map.call(document.querySelectorAll('#rxItems tr.rx-item'), function (tr) {
      return tr.cells[2].textContent;
    });
    window.DemoHis.recordSubmission('custom-his', codes);
    window.DemoHis.setStatus('处方已发送');
  });
})();
