/*
 * Behaviour of the 饮片 prescription grid of herbal.html: herb search with suggestions, 总量 =
 * 剂量 × 付数 per row, one 付数 for the whole prescription (typed above the grid or in any row, it
 * is set on every row), add/delete rows, a running summary (味数, weight of one 剂, amount), and
 * the page's own submission (Ctrl+Enter or 提交处方), recorded in window.__submitted.
 */
(function () {
  'use strict';
  var H = window.DemoHis;
  var h = H.h;
  var FEET = ['', '先煎', '后下', '包煎', '另煎', '烊化', '冲服'];

  var box = document.getElementById('gbox_herbGrid');
  var tbody = document.getElementById('herbGrid').tBodies[0];
  var packetsInput = document.getElementById('rxPackets');
  var suggest = document.getElementById('herbSuggest');
  var suggestion = { row: null, items: [], active: -1 };

  function cell(row, name) { return row.querySelector('td.c-' + name); }
  function control(row, name) { var c = cell(row, name); return c ? c.querySelector('input, select') : null; }
  function gridRows() { return Array.prototype.slice.call(tbody.querySelectorAll('tr.jqgrow')); }
  function number(text) { var n = parseFloat(text); return n > 0 ? n : 0; }

  function findHerb(code) {
    var list = window.DEMO_HERBS || [];
    for (var i = 0; i < list.length; i++) if (list[i].code === code) return list[i];
    return undefined;
  }

  function searchHerbs(query) {
    var q = String(query || '').trim();
    if (!q) return [];
    return (window.DEMO_HERBS || []).filter(function (herb) {
      return herb.name.indexOf(q) !== -1 || herb.code.indexOf(q.toUpperCase()) === 0;
    }).slice(0, 10);
  }

  /** Writes a cell's text only when it changes: an unchanged prescription makes no mutations. */
  function setText(td, text) {
    if (td.textContent !== text) td.textContent = text;
  }

  function updateSummary() {
    var codes = {};
    var count = 0;
    var weight = 0;
    var sum = 0;
    gridRows().forEach(function (row) {
      var code = cell(row, 'code').textContent.trim();
      if (!code) return;
      if (!codes[code]) { codes[code] = true; count += 1; }
      weight += number(control(row, 'dose').value);
      sum += number(cell(row, 'amount').textContent);
    });
    setText(document.getElementById('herbCount'), String(count));
    setText(document.getElementById('doseWeight'), String(Math.round(weight * 100) / 100));
    setText(document.getElementById('rxTotal'), H.money(sum));
  }

  function recompute(row) {
    var code = cell(row, 'code').textContent.trim();
    var herb = findHerb(code);
    var total = number(control(row, 'dose').value) * number(control(row, 'packets').value);
    setText(cell(row, 'total'), code ? String(Math.round(total * 100) / 100) : '');
    setText(cell(row, 'price'), herb ? H.money(herb.price) : '');
    setText(cell(row, 'amount'), herb ? H.money(total * herb.price) : '');
  }

  /** The prescription's 付数, from wherever it was typed, on every row and above the grid. */
  function setPackets(text, from) {
    if (from !== packetsInput) packetsInput.value = text;
    gridRows().forEach(function (row) {
      var input = control(row, 'packets');
      if (input !== from) input.value = text;
      recompute(row);
    });
    updateSummary();
  }

  function footOptions(selected) {
    return FEET.map(function (f) { return h('option', { value: f, selected: f === selected, text: f }); });
  }

  function fillRow(row, herb) {
    control(row, 'name').value = herb.name;
    cell(row, 'code').textContent = herb.code;
    control(row, 'dose').value = String(herb.dose);
    control(row, 'foot').value = herb.foot;
    recompute(row);
    updateSummary();
    // Like jqGrid's afterSaveCell hook: tell listeners the row changed after a programmatic fill.
    control(row, 'name').dispatchEvent(new Event('change', { bubbles: true }));
  }

  function renumber() {
    gridRows().forEach(function (row, i) { setText(row.querySelector('td.rn'), String(i + 1)); });
  }

  // Row ids are never reused, as jqGrid's are not: a deleted 味's id stays its own.
  var lastRowId = 0;
  gridRows().forEach(function (row) { lastRowId = Math.max(lastRowId, parseInt(row.id, 10) || 0); });
  function nextRowId() {
    lastRowId += 1;
    return String(lastRowId);
  }

  function newRow() {
    function input(cls, value) {
      return h('input', { type: 'text', class: 'editable ' + cls, value: value || '', autocomplete: 'off' });
    }
    var row = h('tr', { class: 'jqgrow', id: nextRowId() }, [
      h('td', { class: 'rn' }, ['']),
      h('td', {}, [h('input', { type: 'checkbox', class: 'cbox', 'aria-label': '选择' })]),
      h('td', { class: 'c-name' }, [h('input', { type: 'text', class: 'editable herb-name', autocomplete: 'off', placeholder: '输入药名' })]),
      h('td', { class: 'c-code' }, []),
      h('td', { class: 'c-dose' }, [input('num dose')]),
      h('td', { class: 'c-foot' }, [h('select', { class: 'editable foot' }, footOptions(''))]),
      h('td', { class: 'c-packets' }, [input('num packets', packetsInput.value)]),
      h('td', { class: 'c-total num' }, []),
      h('td', { class: 'c-price num' }, []),
      h('td', { class: 'c-amount num' }, [])
    ]);
    tbody.appendChild(row);
    renumber();
    control(row, 'name').focus();
    return row;
  }

  function deleteRows() {
    var checked = gridRows().filter(function (row) { return row.querySelector('input.cbox').checked; });
    var doomed = checked.length ? checked : gridRows().filter(function (row) { return row.classList.contains('ui-state-highlight'); });
    if (!doomed.length) {
      H.setStatus('请先勾选或选中要删除的饮片', 'err');
      return;
    }
    doomed.forEach(function (row) { row.remove(); });
    renumber();
    updateSummary();
    H.setStatus('已删除 ' + doomed.length + ' 味');
  }

  function submit() {
    var lines = [];
    var errors = [];
    if (!(number(packetsInput.value) >= 1)) errors.push('付数无效');
    gridRows().forEach(function (row, i) {
      var name = control(row, 'name').value.trim();
      var code = cell(row, 'code').textContent.trim();
      if (!name && !code) return;
      if (!code) errors.push('第' + (i + 1) + '行未选择饮片');
      else if (!(number(control(row, 'dose').value) > 0)) errors.push('第' + (i + 1) + '行剂量无效');
      else lines.push({ rowId: row.id, code: code, name: name, dose: control(row, 'dose').value, packets: control(row, 'packets').value });
    });
    if (!lines.length && !errors.length) errors.push('处方中没有饮片');
    if (errors.length) {
      H.setStatus(errors[0], 'err');
      return;
    }
    H.recordSubmission(document.body.dataset.page, lines);
    H.setStatus('处方已提交', 'ok');
    H.showDialog('中药处方已提交（共 ' + lines.length + ' 味，' + packetsInput.value + ' 付）');
  }

  // --- herb suggestions -------------------------------------------------------------------
  function hideSuggest() {
    suggest.hidden = true;
    suggestion = { row: null, items: [], active: -1 };
  }

  function markActive() {
    Array.prototype.forEach.call(suggest.children, function (li, i) { li.classList.toggle('active', i === suggestion.active); });
  }

  function showSuggest(input) {
    var items = searchHerbs(input.value);
    if (!items.length) {
      hideSuggest();
      return;
    }
    suggestion = { row: input.closest('tr.jqgrow'), items: items, active: 0 };
    suggest.replaceChildren.apply(suggest, items.map(function (herb, i) {
      return h('li', { role: 'option', dataset: { index: String(i) } }, [
        h('span', { class: 's-name', text: herb.name }),
        h('span', { class: 's-dose', text: herb.dose + 'g' + (herb.foot ? ' ' + herb.foot : '') }),
        h('span', { class: 's-code', text: herb.code })
      ]);
    }));
    var rect = input.getBoundingClientRect();
    suggest.style.left = rect.left + window.scrollX + 'px';
    suggest.style.top = rect.bottom + window.scrollY + 'px';
    suggest.hidden = false;
    markActive();
  }

  function choose(index) {
    var herb = suggestion.items[index];
    var row = suggestion.row;
    hideSuggest();
    if (herb && row) {
      fillRow(row, herb);
      control(row, 'dose').focus();
    }
  }

  suggest.addEventListener('mousedown', function (event) {
    var li = event.target.closest('li');
    if (!li) return;
    event.preventDefault();
    choose(Number(li.dataset.index));
  });

  // --- events -----------------------------------------------------------------------------
  function onEdit(event) {
    var target = event.target;
    if (target === packetsInput) return setPackets(packetsInput.value, packetsInput);
    var row = target.closest && target.closest('tr.jqgrow');
    if (!row) return;
    if (target === control(row, 'packets')) return setPackets(target.value, target);
    if (target === control(row, 'dose')) {
      recompute(row);
      updateSummary();
    }
  }
  box.addEventListener('input', function (event) {
    var target = event.target;
    if (target.classList && target.classList.contains('herb-name')) {
      var row = target.closest('tr.jqgrow');
      // A new name invalidates the chosen herb until a suggestion is picked again.
      var herb = findHerb(cell(row, 'code').textContent.trim());
      if (herb && target.value.trim() !== herb.name) {
        cell(row, 'code').textContent = '';
        recompute(row);
        updateSummary();
      }
      showSuggest(target);
      return;
    }
    onEdit(event);
  });
  box.addEventListener('change', onEdit);

  tbody.addEventListener('keydown', function (event) {
    if (!event.target.classList.contains('herb-name') || suggest.hidden) return;
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
    if (event.target.classList.contains('herb-name')) setTimeout(hideSuggest, 150);
  });

  tbody.addEventListener('click', function (event) {
    var row = event.target.closest('tr.jqgrow');
    if (!row) return;
    gridRows().forEach(function (r) { r.classList.toggle('ui-state-highlight', r === row); });
  });

  box.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  });

  document.getElementById('btnAddRow').addEventListener('click', newRow);
  document.getElementById('btnDelRow').addEventListener('click', deleteRows);
  document.getElementById('btnSubmitRx').addEventListener('click', submit);

  window.DemoHerbal = { newRow: newRow, fillRow: fillRow, submit: submit, findHerb: findHerb };

  gridRows().forEach(recompute);
  updateSummary();
})();
