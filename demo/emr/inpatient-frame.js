/*
 * A small single-page app in the style of a Vue + Element UI order screen: state in one object
 * (inpatient-data.js), whole parts of the page re-rendered from it — the patient's part
 * (inpatient-header.js) and the order table (inpatient-table.js, whose every redraw replaces all
 * rows, so anything holding on to an old row element must find the rows again). This file is the
 * screen's behaviour: tabs, the new-order form, editing, deleting and saving orders.
 */
(function () {
  'use strict';
  var H = window.DemoHis;
  var h = H.h;
  var data = window.DemoInpatientData;
  var header = window.DemoInpatientHeader;
  var state = data.state;

  var TABS = [
    { key: 'long', label: '长期医嘱' },
    { key: 'temp', label: '临时医嘱' },
    { key: 'discharge', label: '出院带药' }
  ];
  var ROUTES = ['口服', '静脉滴注', '静脉注射', '肌肉注射', '皮下注射', '外用'];

  var app = document.getElementById('app');
  var table = window.DemoInpatientTable.create(state);
  var refs = {};

  function currentOrders() { return state.orders[state.tab]; }

  // --- static parts -------------------------------------------------------------------------
  function renderNewOrderForm() {
    var freqSelect = h('select', { class: 'el-select', id: 'noFreq' }, H.FREQUENCIES.map(function (f) {
      return h('option', { value: f.code, text: f.label });
    }));
    var routeSelect = h('select', { class: 'el-select', id: 'noRoute' }, ROUTES.map(function (r) {
      return h('option', { value: r, text: r });
    }));
    function field(label, control) {
      return h('div', { class: 'el-form-item' }, [h('label', { class: 'el-form-item__label', text: label }),
        h('div', { class: 'el-form-item__content' }, [control])]);
    }
    refs.form = h('form', { class: 'el-form el-form--inline', id: 'newOrderForm', autocomplete: 'off' }, [
      field('药品', h('input', { class: 'el-input__inner w-drug', id: 'noDrug', list: 'drugOptions', placeholder: '输入药品名称' })),
      field('剂量', h('span', {}, [h('input', { class: 'el-input__inner w-num', id: 'noDose' }), h('span', { id: 'noDoseUnit' })])),
      field('用法', routeSelect),
      field('频次', freqSelect),
      field('天数', h('input', { class: 'el-input__inner w-num', id: 'noDays' })),
      field('数量', h('span', {}, [h('input', { class: 'el-input__inner w-num', id: 'noQty' }), h('span', { id: 'noQtyUnit' })])),
      h('button', { type: 'submit', class: 'el-button el-button--primary', text: '添加' })
    ]);
    var options = h('datalist', { id: 'drugOptions' }, (window.DEMO_DRUGS || []).map(function (d) {
      return h('option', { value: d.name, text: d.spec });
    }));
    return h('div', {}, [refs.form, options]);
  }

  function renderTabs() {
    refs.tabs.replaceChildren.apply(refs.tabs, TABS.map(function (t) {
      return h('div', { class: 'el-tabs__item' + (t.key === state.tab ? ' is-active' : ''), id: 'tab-' + t.key,
        role: 'tab', dataset: { tab: t.key }, text: t.label });
    }));
  }

  function render() { renderTabs(); table.renderRows(); }

  // --- behaviour ----------------------------------------------------------------------------
  function message(text, kind) {
    var el = h('div', { class: 'el-message el-message--' + kind, role: 'alert', text: text });
    document.body.appendChild(el);
    setTimeout(function () { el.remove(); }, 2000);
  }

  function recomputeDischargeQty(o) {
    if (state.tab !== 'discharge') return;
    var n = H.packagesFor(H.findDrug(o.code), o.dose, o.doseUnit, o.freq, parseFloat(o.days));
    if (n !== undefined) o.qty = String(n);
  }

  function patchQty(tr, o) {
    var input = tr.querySelector('input[data-field="qty"]');
    if (input && input.value !== o.qty) input.value = o.qty;
  }

  function onTableInput(event) {
    var target = event.target;
    var tr = target.closest('tr.el-table__row');
    var o = table.orderOf(tr);
    if (!o) return;
    if (target.dataset.field === 'days') o.days = target.value.trim();
    else if (target.dataset.field === 'qty') o.qty = target.value.trim();
  }

  function onTableChange(event) {
    var target = event.target;
    var tr = target.closest('tr.el-table__row');
    var o = table.orderOf(tr);
    if (!o) return;
    if (target.dataset.field === 'days') {
      o.days = target.value.trim();
      recomputeDischargeQty(o);
      patchQty(tr, o);
    } else if (target.dataset.field === 'qty') {
      o.qty = target.value.trim();
    } else if (target.dataset.field === 'selfPay') {
      o.selfPay = target.checked;
    } else if (target.classList.contains('row-select')) {
      o.selected = target.checked;
    }
  }

  function onTableClick(event) {
    if (event.target.closest('th.is-sortable')) {
      table.nextSort();
      table.renderRows();
      return;
    }
    var button = event.target.closest('[data-action="delete"]');
    if (!button) return;
    var o = table.orderOf(button.closest('tr.el-table__row'));
    var list = currentOrders();
    var at = list.indexOf(o);
    if (at !== -1) {
      list.splice(at, 1);
      table.renderRows();
    }
  }

  function deleteSelected() {
    var before = currentOrders().length;
    state.orders[state.tab] = currentOrders().filter(function (o) { return !o.selected; });
    if (state.orders[state.tab].length === before) message('请先勾选要删除的医嘱', 'error');
    table.renderRows();
  }

  function byName(name) {
    return (window.DEMO_DRUGS || []).filter(function (d) { return d.name === name.trim(); })[0];
  }

  function onDrugPicked() {
    var drug = byName(document.getElementById('noDrug').value);
    if (!drug) return;
    document.getElementById('noDose').value = String(drug.dose);
    document.getElementById('noDoseUnit').textContent = drug.doseUnit;
    document.getElementById('noRoute').value = drug.route;
    document.getElementById('noFreq').value = drug.freq;
    document.getElementById('noQtyUnit').textContent = state.tab === 'discharge' ? drug.packUnit : drug.form;
  }

  function addOrder(event) {
    event.preventDefault();
    var drug = byName(document.getElementById('noDrug').value);
    if (!drug) {
      message('请从药品字典中选择药品', 'error');
      return;
    }
    var list = currentOrders();
    var groups = list.map(function (o) { return parseInt(o.group, 10) || 0; });
    var o = data.order(String(Math.max.apply(null, [0].concat(groups)) + 1), state.today + ' ' + '09:00', drug.code,
      parseFloat(document.getElementById('noDose').value) || drug.dose, drug.doseUnit,
      document.getElementById('noRoute').value, document.getElementById('noFreq').value,
      document.getElementById('noDays').value.trim(), document.getElementById('noQty').value.trim(),
      state.tab === 'discharge' ? drug.packUnit : drug.form);
    if (!o.qty) recomputeDischargeQty(o);
    if (!o.qty) o.qty = '1';
    list.push(o);
    refs.form.reset();
    table.renderRows();
  }

  function save() {
    var lines = currentOrders().map(function (o) {
      return { code: o.code, days: o.days, quantity: o.qty, unit: o.unit };
    });
    if (!lines.length) {
      message('没有可保存的医嘱', 'error');
      return;
    }
    H.recordSubmission('inpatient', lines);
    message('医嘱已保存', 'success');
  }

  function mount() {
    refs.tabs = h('div', { class: 'el-tabs__nav', role: 'tablist' });
    app.replaceChildren(
      h('div', { class: 'frame-bar' }, [
        h('b', { text: '医嘱录入' }),
        h('span', { text: '病区：' + state.patient.ward }),
        h('span', { class: 'today' }, ['当前日期：', h('span', { id: 'today', text: state.today })])
      ]),
      header.banner(state),
      header.diagnoses(state),
      header.operations(state, data.operationChoices),
      h('div', { class: 'el-tabs el-tabs--top' }, [h('div', { class: 'el-tabs__header' }, [refs.tabs])]),
      renderNewOrderForm(),
      h('div', { class: 'table-toolbar' }, [
        h('button', { type: 'button', class: 'el-button el-button--danger', id: 'btnDeleteSelected', text: '删除选中' }),
        h('button', { type: 'button', class: 'el-button el-button--primary', id: 'btnSaveOrders', text: '保存医嘱' })
      ]),
      table.element
    );
    refs.tabs.addEventListener('click', function (event) {
      var tab = event.target.closest('[data-tab]');
      if (!tab || tab.dataset.tab === state.tab) return;
      state.tab = tab.dataset.tab;
      render();
    });
    table.element.addEventListener('input', onTableInput);
    table.element.addEventListener('change', onTableChange);
    table.element.addEventListener('click', onTableClick);
    refs.form.addEventListener('submit', addOrder);
    document.getElementById('noDrug').addEventListener('change', onDrugPicked);
    document.getElementById('btnSaveOrders').addEventListener('click', save);
    document.getElementById('btnDeleteSelected').addEventListener('click', deleteSelected);
    render();
  }

  mount();
  window.DemoInpatient = { state: state, render: render };
})();
