/*
 * Behaviour of the jqGrid-like outpatient prescription grid: drug search with suggestions,
 * total quantity worked out from dose × frequency × days, add/delete rows, and the page's own
 * submission (Ctrl+Enter or 提交处方), which is recorded in window.__submitted.
 */
(function () {
  'use strict';
  var H = window.DemoHis;
  var h = H.h;
  var ROUTES = ['口服', '静脉滴注', '静脉注射', '肌肉注射', '皮下注射', '外用', '雾化吸入', '含服'];

  var gbox = document.getElementById('gbox_rxGrid');
  var tbody = document.getElementById('rxGrid').tBodies[0];
  var suggest = document.getElementById('drugSuggest');
  var newRowSeq = 0;
  var suggestion = { row: null, items: [], active: -1 };

  /*
   * The doctor logged in, as the header shows them: 工号, 职称 and the 处方权 the hospital granted
   * (rules/import/templates/prescriber-privileges-example.csv). ?doctor=2050 logs another doctor
   * of that list in, so a demo or a test sees one prescription through another doctor's privileges.
   */
  var DOCTORS = {
    '1024': ['王建国', '主治医师', '非限制使用级', '无'],
    '2050': ['刘洋', '主治医师', '限制使用级', '有'],
    '2048': ['陈静', '副主任医师', '特殊使用级', '有']
  };
  var doctorId = new URLSearchParams(location.search).get('doctor') || '';
  if (Object.prototype.hasOwnProperty.call(DOCTORS, doctorId)) {
    document.getElementById('doctorId').textContent = doctorId;
    ['doctorName', 'doctorTitle', 'doctorAbx', 'doctorNarcotic'].forEach(function (id, i) {
      document.getElementById(id).textContent = DOCTORS[doctorId][i];
    });
  }

  /**
   * ?mtb=M03900 registers the visit under a 门诊慢特病 病种 (the two of the demo pack's 病种用药范围表,
   * rules/import/templates/chronic-drugs-example.csv), as a HIS shows it once 门特 registration is done.
   */
  var CHRONIC_DISEASES = { M03900: '高血压病', M01600: '糖尿病' };
  var chronicCode = new URLSearchParams(location.search).get('mtb') || '';
  if (Object.prototype.hasOwnProperty.call(CHRONIC_DISEASES, chronicCode)) {
    document.getElementById('chronicDisease').textContent = CHRONIC_DISEASES[chronicCode] + '(' + chronicCode + ')';
  }

  function cell(row, name) {
    return row.querySelector('td[aria-describedby="rxGrid_' + name + '"]');
  }
  function control(row, name) {
    var c = cell(row, name);
    return c ? c.querySelector('input, select') : null;
  }
  function gridRows() {
    return Array.prototype.slice.call(tbody.querySelectorAll('tr.jqgrow'));
  }
  function drugOf(row) {
    return H.findDrug(cell(row, 'insCode').textContent.trim());
  }

  function updateTotal() {
    var sum = 0;
    gridRows().forEach(function (row) {
      var amount = parseFloat(cell(row, 'amount').textContent);
      if (amount > 0) sum += amount;
    });
    document.getElementById('rxTotal').textContent = H.money(sum);
  }

  function updateAmount(row) {
    var price = parseFloat(cell(row, 'price').textContent);
    var qty = parseFloat(control(row, 'total').value);
    cell(row, 'amount').textContent = price >= 0 && qty >= 0 ? H.money(price * qty) : '';
    updateTotal();
  }

  function recompute(row) {
    var drug = drugOf(row);
    if (!drug) return;
    var packages = H.packagesFor(drug, parseFloat(control(row, 'dose').value), control(row, 'doseUnit').value,
      control(row, 'freq').value, parseFloat(control(row, 'days').value));
    if (packages !== undefined) control(row, 'total').value = String(packages);
    updateAmount(row);
  }

  function options(values, labelOf, selected) {
    return values.map(function (v) {
      return h('option', { value: v, selected: v === selected, text: labelOf ? labelOf(v) : v });
    });
  }

  function fillRow(row, drug) {
    control(row, 'drugName').value = drug.name;
    cell(row, 'insCode').textContent = drug.code;
    cell(row, 'spec').textContent = drug.spec;
    control(row, 'dose').value = String(drug.dose);
    control(row, 'doseUnit').replaceChildren.apply(control(row, 'doseUnit'), options(H.doseUnitsFor(drug), null, drug.doseUnit));
    control(row, 'doseUnit').value = drug.doseUnit;
    control(row, 'route').value = drug.route;
    control(row, 'freq').value = drug.freq;
    if (!control(row, 'days').value) control(row, 'days').value = '3';
    cell(row, 'totalUnit').textContent = drug.packUnit;
    cell(row, 'price').textContent = H.money(drug.price);
    recompute(row);
    // Like jqGrid's afterSaveCell hook: tell listeners the row changed after a programmatic fill.
    control(row, 'drugName').dispatchEvent(new Event('change', { bubbles: true }));
  }

  function renumber() {
    gridRows().forEach(function (row, i) {
      cell(row, 'rn').textContent = String(i + 1);
    });
  }

  function nextGroupNo() {
    var max = 0;
    gridRows().forEach(function (row) {
      var n = parseInt(control(row, 'groupNo').value, 10);
      if (n > max) max = n;
    });
    return String(max + 1);
  }

  function newRow() {
    newRowSeq += 1;
    function td(name, children, attrs) {
      return h('td', Object.assign({ role: 'gridcell', 'aria-describedby': 'rxGrid_' + name }, attrs || {}), children);
    }
    function input(cls, value) {
      return h('input', { type: 'text', class: 'editable ' + cls, value: value || '', autocomplete: 'off' });
    }
    var freqLabels = {};
    H.FREQUENCIES.forEach(function (f) { freqLabels[f.code] = f.code + '/' + f.label; });
    var row = h('tr', { role: 'row', id: 'jqg' + newRowSeq, tabindex: '-1', class: 'ui-widget-content jqgrow ui-row-ltr' }, [
      td('rn', [''], { class: 'jqgrid-rownum' }),
      td('cb', [h('input', { type: 'checkbox', class: 'cbox', 'aria-label': '选择' })]),
      td('groupNo', [input('num', nextGroupNo())]),
      td('drugName', [h('div', { class: 'drug-search' }, [h('input', { type: 'text', class: 'editable drug-name', autocomplete: 'off', placeholder: '输入药名或编码' })])]),
      td('insCode', [], { style: 'display:none' }),
      td('spec', []),
      td('dose', [input('num')]),
      td('doseUnit', [h('select', { class: 'editable' })]),
      td('route', [h('select', { class: 'editable' }, options(ROUTES, null, '口服'))]),
      td('freq', [h('select', { class: 'editable' }, options(Object.keys(freqLabels), function (c) { return freqLabels[c]; }, 'qd'))]),
      td('days', [input('num')]),
      td('total', [input('num')]),
      td('totalUnit', []),
      td('price', [], { class: 'num' }),
      td('amount', [], { class: 'num' }),
      td('selfPay', [h('input', { type: 'checkbox', class: 'self-pay', 'aria-label': '自费' })])
    ]);
    tbody.appendChild(row);
    renumber();
    control(row, 'drugName').focus();
    return row;
  }

  function deleteRows() {
    var checked = gridRows().filter(function (row) { return row.querySelector('input.cbox').checked; });
    var doomed = checked.length ? checked : gridRows().filter(function (row) { return row.classList.contains('ui-state-highlight'); });
    if (!doomed.length) {
      H.setStatus('请先勾选或选中要删除的行', 'err');
      return;
    }
    doomed.forEach(function (row) { row.remove(); });
    renumber();
    updateTotal();
    H.setStatus('已删除 ' + doomed.length + ' 行');
  }

  function submit() {
    var lines = [];
    var errors = [];
    gridRows().forEach(function (row, i) {
      var name = control(row, 'drugName').value.trim();
      var code = cell(row, 'insCode').textContent.trim();
      if (!name && !code) return;
      if (!code) errors.push('第' + (i + 1) + '行未选择药品');
      else if (!(parseFloat(control(row, 'total').value) > 0)) errors.push('第' + (i + 1) + '行总量无效');
      else lines.push({ rowId: row.id, code: code, name: name, days: control(row, 'days').value, quantity: control(row, 'total').value });
    });
    if (!lines.length && !errors.length) errors.push('处方中没有药品');
    if (errors.length) {
      H.setStatus(errors[0], 'err');
      return;
    }
    H.recordSubmission(document.body.dataset.page, lines);
    H.setStatus('处方已提交', 'ok');
    H.showDialog('处方已提交（共 ' + lines.length + ' 条药品）');
  }

  // --- drug suggestions -------------------------------------------------------------------
  function hideSuggest() {
    suggest.hidden = true;
    suggestion = { row: null, items: [], active: -1 };
  }

  function markActive() {
    Array.prototype.forEach.call(suggest.children, function (li, i) {
      li.classList.toggle('active', i === suggestion.active);
    });
  }

  function showSuggest(input) {
    var row = input.closest('tr.jqgrow');
    var items = H.searchDrugs(input.value, 10);
    if (!items.length) {
      hideSuggest();
      return;
    }
    suggestion = { row: row, items: items, active: 0 };
    suggest.replaceChildren.apply(suggest, items.map(function (d, i) {
      return h('li', { role: 'option', dataset: { index: String(i) } }, [
        h('span', { class: 's-name', text: d.name }),
        h('span', { class: 's-spec', text: d.spec }),
        h('span', { class: 's-code', text: d.code })
      ]);
    }));
    var box = input.getBoundingClientRect();
    suggest.style.left = box.left + window.scrollX + 'px';
    suggest.style.top = box.bottom + window.scrollY + 'px';
    suggest.hidden = false;
    markActive();
  }

  function choose(index) {
    var drug = suggestion.items[index];
    var row = suggestion.row;
    hideSuggest();
    if (drug && row) {
      fillRow(row, drug);
      control(row, 'dose').focus();
    }
  }

  suggest.addEventListener('mousedown', function (event) {
    var li = event.target.closest('li');
    if (!li) return;
    event.preventDefault();
    choose(Number(li.dataset.index));
  });

  // --- grid events ----------------------------------------------------------------------------
  tbody.addEventListener('input', function (event) {
    var target = event.target;
    var row = target.closest('tr.jqgrow');
    if (!row) return;
    if (target.classList.contains('drug-name')) {
      // A new name invalidates the chosen drug until a suggestion is picked again.
      if (cell(row, 'insCode').textContent && target.value.trim() !== (drugOf(row) || {}).name) {
        cell(row, 'insCode').textContent = '';
      }
      showSuggest(target);
    } else if (target === control(row, 'total')) {
      updateAmount(row);
    } else if (target === control(row, 'dose') || target === control(row, 'days')) {
      recompute(row);
    }
  });

  tbody.addEventListener('change', function (event) {
    var row = event.target.closest('tr.jqgrow');
    if (!row) return;
    if (event.target === control(row, 'freq') || event.target === control(row, 'doseUnit') ||
        event.target === control(row, 'dose') || event.target === control(row, 'days')) {
      recompute(row);
    } else if (event.target === control(row, 'total')) {
      updateAmount(row);
    }
  });

  tbody.addEventListener('keydown', function (event) {
    if (!event.target.classList.contains('drug-name') || suggest.hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      var step = event.key === 'ArrowDown' ? 1 : -1;
      suggestion.active = (suggestion.active + step + suggestion.items.length) % suggestion.items.length;
      markActive();
      event.preventDefault();
    } else if (event.key === 'Enter' && !event.ctrlKey) {
      choose(suggestion.active);
      event.preventDefault();
    } else if (event.key === 'Escape') {
      hideSuggest();
    }
  });

  tbody.addEventListener('focusout', function (event) {
    if (event.target.classList.contains('drug-name')) setTimeout(hideSuggest, 150);
  });

  tbody.addEventListener('click', function (event) {
    var row = event.target.closest('tr.jqgrow');
    if (!row) return;
    gridRows().forEach(function (r) { r.classList.toggle('ui-state-highlight', r === row); });
  });

  gbox.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  });

  document.getElementById('btnAddRow').addEventListener('click', newRow);
  document.getElementById('btnDelRow').addEventListener('click', deleteRows);
  document.getElementById('btnSubmitRx').addEventListener('click', submit);

  window.DemoOutpatient = { newRow: newRow, fillRow: fillRow, submit: submit };

  // --- benchmark fixture ------------------------------------------------------------------------
  // outpatient.html?rows=N fills the prescription up to N lines (at most 1000) with drugs from the
  // page's own dictionary, taken in turn, so the extension can be measured on a long table
  // (npm run bench:page). Days stay within the 7-day outpatient limit. Without the query the page
  // is exactly as before.
  function fillRowsFromQuery() {
    var wanted = parseInt(new URLSearchParams(window.location.search).get('rows') || '', 10);
    if (!(wanted > 0)) return;
    var drugs = window.DEMO_DRUGS || [];
    var days = ['3', '5', '7'];
    if (!drugs.length) return;
    for (var i = gridRows().length; i < Math.min(wanted, 1000); i++) {
      var row = newRow();
      // fillRow keeps days already typed: set them first so the total follows from them.
      control(row, 'days').value = days[i % days.length];
      fillRow(row, drugs[i % drugs.length]);
    }
    // newRow focuses each new line; leave the page as it loads without the query.
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    window.scrollTo(0, 0);
  }
  fillRowsFromQuery();
})();
