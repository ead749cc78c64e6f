/* The order frame's own submission: 保存医嘱 records the codes in window.__submitted. */
(function () {
  'use strict';
  document.getElementById('btnSave').addEventListener('click', function () {
    var codes = Array.prototype.map.call(document.querySelectorAll('#orderGrid tr.og-row td.code'), function (td) {
      return td.textContent;
    });
    window.DemoHis.recordSubmission('frames-his', codes);
    document.getElementById('statusMsg').textContent = '医嘱已保存';
  });
})();
