/*
 * The cell-edit grid of legacy-his.html, as jqGrid's cellEdit mode behaves: a click on an editable
 * cell swaps its text for an input; Enter (keydown) saves it, Esc puts the old text back, a click
 * elsewhere saves it too. Saving 剂量/频次/天数 recomputes 总量 from the drug dictionary. Rows
 * from a 续方 are locked until 解锁续方 is pressed. 保存处方 records the submission.
 */
(function () {
  'use strict';
  var H = window.DemoHis;
  var grid = document.getElementById('rxGrid');
  var editing = null; // { td, input, before }

  function rowOf(td) { return td.closest('tr.jqgrow'); }
  function cellOf(tr, field) { return tr.querySelector('td[data-field="' + field + '"]'); }
  function rowNumber(tr) { return tr.querySelector('td.rn').textContent; }

  function recompute(tr) {
    var drug = H.findDrug(tr.getAttribute('data-code'));
    var packs = H.packagesFor(drug, Number(cellOf(tr, 'dose').textContent), drug && drug.doseUnit, cellOf(tr, 'freq').textContent.trim(), Number(cellOf(tr, 'days').textContent));
    if (packs !== undefined) cellOf(tr, 'total').textContent = String(packs);
    total();
  }

  function total() {
    var sum = 0;
    Array.prototype.forEach.call(grid.querySelectorAll('tr.jqgrow'), function (tr) {
      sum += Number(cellOf(tr, 'total').textContent) * Number(tr.cells[12].textContent);
    });
    document.getElementById('rxTotal').textContent = H.money(sum);
  }

  function valid(field, text) {
    if (field === 'freq') return Boolean(H.frequency(text));
    return /^\d+(\.\d+)?$/.test(text) && Number(text) > 0;
  }

  function finish(save) {
    if (!editing) return;
    var e = editing;
    editing = null;
    var text = e.input.value.trim();
    var ok = save && valid(e.td.getAttribute('data-field'), text);
    e.td.classList.remove('editing');
    e.td.textContent = ok ? text : e.before;
    if (save && !ok) H.setStatus('第 ' + rowNumber(rowOf(e.td)) + ' 行输入无效，已恢复', 'err');
    if (ok && text !== e.before) {
      var field = e.td.getAttribute('data-field');
      if (field !== 'total') recompute(rowOf(e.td));
      H.setStatus('已保存第 ' + rowNumber(rowOf(e.td)) + ' 行', 'ok');
    }
  }

  function edit(td) {
    if (editing && editing.td === td) return;
    finish(true);
    var before = td.textContent;
    var input = H.h('input', { type: 'text', value: before, 'aria-label': '编辑单元格' });
    input.addEventListener('keydown', function (event) {
      if (event.keyCode === 13) { event.preventDefault(); finish(true); }
      else if (event.keyCode === 27) finish(false);
    });
    td.textContent = '';
    td.classList.add('editing');
    td.appendChild(input);
    editing = { td: td, input: input, before: before };
    input.focus();
    input.select();
  }

  grid.addEventListener('click', function (event) {
    var td = event.target.closest && event.target.closest('td.edit');
    if (!td) return;
    var tr = rowOf(td);
    if (tr.classList.contains('locked')) {
      H.setStatus('第 ' + rowNumber(tr) + ' 行为续方，已锁定：请先点「解锁续方」', 'err');
      return;
    }
    edit(td);
  });

  // A click outside the cell being edited saves it, as jqGrid does.
  document.addEventListener('mousedown', function (event) {
    if (editing && !editing.td.contains(event.target)) finish(true);
  }, true);

  document.getElementById('btnUnlock').addEventListener('click', function () {
    Array.prototype.forEach.call(grid.querySelectorAll('tr.locked'), function (tr) {
      tr.classList.remove('locked');
      tr.querySelector('td.note').textContent = '续方';
    });
    H.setStatus('续方已解锁', 'ok');
  });

  document.getElementById('btnSave').addEventListener('click', function () {
    finish(true);
    var codes = Array.prototype.map.call(grid.querySelectorAll('tr.jqgrow'), function (tr) { return tr.getAttribute('data-code'); });
    H.recordSubmission('legacy-his', codes);
    H.setStatus('处方已保存', 'ok');
  });

  total();
})();
