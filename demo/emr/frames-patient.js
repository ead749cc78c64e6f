/* The patient bar's own behaviour: a diagnosis tag's × removes it (the doctor corrects the admission diagnoses). */
(function () {
  'use strict';
  document.getElementById('dxTags').addEventListener('click', function (event) {
    var del = event.target.closest('.dx-del');
    if (!del) return;
    event.preventDefault();
    del.closest('li').remove();
  });
})();
