/*
 * Behaviour of the FHIR-shaped order form: add/remove MedicationRequest rows, fill the display
 * from the drug dictionary when a code is typed, and sign (the form's own submit event).
 */
(function () {
  'use strict';
  var H = window.DemoHis;
  var h = H.h;
  var TIMINGS = ['QD', 'BID', 'TID', 'QID', 'Q8H', 'Q12H', 'QOD', 'QW', 'PRN'];
  var form = document.getElementById('orderForm');
  var tbody = document.getElementById('medTable').tBodies[0];
  function requestRows() {
    return Array.prototype.slice.call(tbody.querySelectorAll('tr.med-request'));
  }
  var nextId = requestRows().length + 1;

  function renumber() {
    requestRows().forEach(function (tr, i) { tr.querySelector('.seq').textContent = String(i + 1); });
  }

  function input(cls, label) {
    return h('td', {}, [h('input', { class: cls, 'aria-label': label })]);
  }

  function addMedication() {
    var tr = h('tr', { class: 'med-request', dataset: { requestId: 'medreq-' + nextId } }, [
      h('td', { class: 'seq' }),
      input('med-code', 'Medication code'),
      input('med-display', 'Display'),
      input('dose-value num', 'Dose'),
      input('dose-unit short', 'Dose unit'),
      h('td', {}, [h('select', { class: 'timing-code', 'aria-label': 'Timing' }, TIMINGS.map(function (t) {
        return h('option', { value: t, text: t });
      }))]),
      input('days-supply num', 'Days supply'),
      input('dispense-value num', 'Dispense quantity'),
      input('dispense-unit short', 'Dispense unit'),
      h('td', {}, [h('button', { type: 'button', class: 'fx-link remove', text: 'Remove' })])
    ]);
    nextId += 1;
    tbody.appendChild(tr);
    renumber();
    tr.querySelector('.med-code').focus();
  }

  tbody.addEventListener('click', function (event) {
    if (!event.target.classList.contains('remove')) return;
    event.target.closest('tr').remove();
    renumber();
  });

  tbody.addEventListener('change', function (event) {
    if (!event.target.classList.contains('med-code')) return;
    var tr = event.target.closest('tr');
    var drug = H.findDrug(event.target.value.trim());
    if (!drug) return;
    tr.querySelector('.med-display').value = drug.name;
    tr.querySelector('.dose-value').value = String(drug.dose);
    tr.querySelector('.dose-unit').value = drug.doseUnit;
    tr.querySelector('.timing-code').value = drug.freq.toUpperCase();
    tr.querySelector('.dispense-unit').value = drug.packUnit;
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var status = document.getElementById('statusMsg');
    var lines = requestRows().map(function (tr) {
      return {
        requestId: tr.dataset.requestId,
        code: tr.querySelector('.med-code').value.trim(),
        days: tr.querySelector('.days-supply').value.trim(),
        quantity: tr.querySelector('.dispense-value').value.trim()
      };
    });
    var incomplete = lines.filter(function (l) { return !l.code || !l.quantity; });
    if (!lines.length || incomplete.length) {
      status.textContent = lines.length ? 'Every MedicationRequest needs a code and a dispense quantity' : 'Nothing to sign';
      status.className = 'fx-status err';
      return;
    }
    H.recordSubmission('fhir', lines);
    status.textContent = 'Order signed (' + lines.length + ' MedicationRequest)';
    status.className = 'fx-status';
  });

  document.getElementById('addMedication').addEventListener('click', addMedication);
})();
