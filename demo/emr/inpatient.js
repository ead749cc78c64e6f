/* Shell behaviour: the bed list. Only bed 3 has demo orders, so other beds just say so. */
(function () {
  'use strict';
  var list = document.getElementById('bedList');
  list.addEventListener('click', function (event) {
    var bed = event.target.closest('li.bed');
    if (!bed) return;
    if (bed.dataset.bed !== '3') {
      document.getElementById('statusMsg').textContent = bed.dataset.bed + '床 无演示数据';
      return;
    }
    Array.prototype.forEach.call(list.children, function (li) { li.classList.toggle('active', li === bed); });
    document.getElementById('mainFrame').src = 'inpatient-frame.html';
  });
})();
