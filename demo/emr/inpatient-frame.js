/*
 * A small single-page app in the style of a Vue + Element UI order screen: state in one object,
 * whole parts of the page re-rendered from it. Structural changes (tab switch, add, delete, a sort
 * by 开始时间) replace every row of the table with new elements, as a virtual-DOM re-render does, so
 * anything holding on to an old row element must find the rows again; rows carry no id. Like
 * Element's el-table with a fixed column, the 操作 column is drawn a second time in an overlay table.
 */
(function () {
  'use strict';
  var H = window.DemoHis;
  var h = H.h;

  var COLUMNS = [
    { key: 'sel', label: '', width: 30 },
    { key: 'group', label: '组', width: 30 },
    { key: 'start', label: '开始时间', width: 110, sortable: true },
    { key: 'kind', label: '类别', width: 46 },
    { key: 'name', label: '医嘱内容', width: 146 },
    { key: 'code', label: '医保编码', width: 206 },
    { key: 'spec', label: '规格', width: 80 },
    { key: 'dose', label: '剂量', width: 60 },
    { key: 'route', label: '用法', width: 64 },
    { key: 'freq', label: '频次', width: 80 },
    { key: 'days', label: '天数', width: 54 },
    { key: 'qty', label: '数量', width: 80 },
    { key: 'price', label: '单价', width: 60 },
    { key: 'selfPay', label: '自费', width: 40 },
    { key: 'ops', label: '操作', width: 52, fixed: true }
  ];
  var TABS = [
    { key: 'long', label: '长期医嘱' },
    { key: 'temp', label: '临时医嘱' },
    { key: 'discharge', label: '出院带药' }
  ];
  var ROUTES = ['口服', '静脉滴注', '静脉注射', '肌肉注射', '皮下注射', '外用'];

  function order(group, start, code, dose, doseUnit, route, freq, days, qty, unit) {
    return { group: group, start: start, code: code, dose: dose, doseUnit: doseUnit, route: route, freq: freq,
      days: days, qty: qty, unit: unit, selfPay: false, selected: false };
  }

  /** A 诊疗项目 or 医用耗材 row: charged by count, no dose, route or frequency. */
  function charge(group, start, code, qty) {
    var c = H.findCharge(code) || {};
    return order(group, start, code, '', '', '', '', '', qty, c.unit || '');
  }

  var state = {
    today: H.DEMO_DATE,
    patient: {
      bed: '3', name: '李国强', sex: '男', age: '68岁', inpatientNo: 'ZY2026110045', insurance: '职工医保',
      dept: '神经内科', ward: '一病区', admitted: '2026-11-18', doctor: '李明', maternity: '无'
    },
    // 手术操作 (ICD-9-CM-3 医保版); the select below adds one, as a coder's picker would.
    operations: [{ code: '88.4100', title: '脑动脉造影', date: '2026-11-19' }],
    diagnoses: [
      { code: 'I63.900', name: '脑梗死', primary: true },
      { code: 'I10.x05', name: '高血压3级' },
      { code: 'E11.900', name: '2型糖尿病' }
    ],
    tab: 'long',
    sort: '',
    orders: {
      long: [
        order('1', '2026-11-18 09:30', 'XB01AXA223B001010100269', 80, 'mg', '静脉滴注', 'bid', '', '4', '支'),
        order('2', '2026-11-18 09:30', 'XN07XXD130E002010102774', 0.2, 'g', '口服', 'tid', '', '6', '粒'),
        order('3', '2026-11-19 10:05', 'XC01EBG072B002010100151', 0.4, 'g', '静脉滴注', 'qd', '', '4', '支'),
        order('4', '2026-11-20 08:40', 'XB05AAR021B001010100348', 10, 'g', '静脉滴注', 'qd', '', '1', '瓶')
      ],
      temp: [
        order('1', '2026-11-22 08:15', 'XB01ADJ103B001010100918', 10, '单位', '静脉滴注', 'st', '', '1', '支'),
        order('2', '2026-11-22 08:15', 'XA12BAM074B002010100365', 20, 'ml', '静脉滴注', 'qd', '', '2', '支'),
        // The infusion and what it uses: the 输液器 goes with the 静脉输液 charged beside it; the
        // 留置针 is charged three times on one day (the ward's list allows one a day).
        charge('3', '2026-11-22 08:15', '001204000060000', '2'),
        charge('3', '2026-11-22 08:15', 'C14010100101010000001000123', '2'),
        charge('3', '2026-11-22 08:15', 'C14010300201010000001000456', '3'),
        charge('4', '2026-11-22 11:30', 'C14010500401010000001000321', '4'),
        // A test and a treatment of the example 诊疗项目指征表: 糖化血红蛋白 has its indication (2型糖尿病);
        // 血液透析 has none among the diagnoses (no 肾衰竭 entered), so it is flagged 无指征治疗.
        charge('5', '2026-11-22 14:00', '002503020030000', '1'),
        charge('6', '2026-11-22 14:00', '003110000060000', '1')
      ],
      discharge: [
        order('1', '2026-11-22 10:00', 'XN07XXD130E002010102774', 0.2, 'g', '口服', 'tid', '14', '4', '盒'),
        order('2', '2026-11-22 10:00', 'XC09CAA284A001010100553', 240, 'mg', '口服', 'qd', '30', '5', '盒'),
        order('3', '2026-11-22 10:00', 'XA10BKH120A001010101445', 5, 'mg', '口服', 'qd', '30', '3', '盒')
      ]
    }
  };

  var app = document.getElementById('app');
  var rowOrder = new WeakMap();
  var refs = {};

  function currentOrders() { return state.orders[state.tab]; }
  function columnClass(index) { return 'el-table_1_column_' + (index + 1); }
  function doseText(o) { return String(o.dose) + o.doseUnit; }

  /** What a row charges, from the drug dictionary or the charge list (items, consumables). */
  function entryOf(code) {
    var drug = H.findDrug(code);
    if (drug) return { name: drug.name, spec: drug.spec, price: drug.price, kindLabel: '药品' };
    return H.findCharge(code) || {};
  }

  // --- static parts -------------------------------------------------------------------------
  function renderBanner() {
    var p = state.patient;
    function item(label, value, cls) {
      return [h('th', { class: 'el-descriptions-item__label', text: label }),
        h('td', { class: 'el-descriptions-item__content' + (cls ? ' ' + cls : ''), text: value })];
    }
    return h('div', { class: 'el-descriptions', id: 'patientInfo' }, [
      h('table', { class: 'el-descriptions__table is-bordered' }, [h('tbody', {}, [
        h('tr', { class: 'el-descriptions-row' }, [].concat(
          item('床号', p.bed + '床'), item('姓名', p.name, 'name'), item('性别', p.sex), item('年龄', p.age),
          item('住院号', p.inpatientNo), item('妊娠哺乳', p.maternity))),
        h('tr', { class: 'el-descriptions-row' }, [].concat(
          item('费别', p.insurance), item('科室', p.dept), item('病区', p.ward), item('入院日期', p.admitted),
          item('主管医生', p.doctor), [h('th', { class: 'el-descriptions-item__label' }), h('td', { class: 'el-descriptions-item__content' })]))
      ])])
    ]);
  }

  function renderDiagnoses() {
    return h('div', { class: 'diag-box' }, [
      h('span', { class: 'diag-title', text: '入院诊断：' }),
      h('ul', { class: 'diag-list', id: 'diagList' }, state.diagnoses.map(function (d) {
        return h('li', { class: 'diag-item' }, [
          h('span', { class: 'diag-code', text: d.code }),
          h('span', { class: 'diag-name', text: d.name }),
          d.primary ? h('span', { class: 'el-tag el-tag--danger el-tag--mini', text: '主要诊断' }) : null
        ]);
      }))
    ]);
  }

  var OPERATION_CHOICES = [
    { code: '39.7400x001', title: '颅内血管机械取栓术' },
    { code: '00.6500x004', title: '颅内血管支架置入术' },
    { code: '68.4100', title: '腹腔镜下全子宫切除术' },
    { code: '74.1x00', title: '低位子宫下段剖宫产' }
  ];

  function operationItems() {
    return state.operations.map(function (o) {
      return h('li', { class: 'op-item' }, [
        h('span', { class: 'op-code', text: o.code }),
        h('span', { class: 'op-name', text: o.title }),
        h('span', { class: 'op-date', text: o.date })
      ]);
    });
  }

  function renderOperations() {
    refs.opList = h('ul', { class: 'diag-list', id: 'opList' }, operationItems());
    var add = h('select', { class: 'el-select', id: 'opAdd' }, [h('option', { value: '', text: '添加手术操作…' })].concat(
      OPERATION_CHOICES.map(function (o) { return h('option', { value: o.code, text: o.code + ' ' + o.title }); })));
    add.addEventListener('change', function () {
      var picked = OPERATION_CHOICES.filter(function (o) { return o.code === add.value; })[0];
      add.value = '';
      if (!picked) return;
      state.operations.push({ code: picked.code, title: picked.title, date: state.today });
      refs.opList.replaceChildren.apply(refs.opList, operationItems());
    });
    return h('div', { class: 'diag-box' }, [h('span', { class: 'diag-title', text: '手术操作：' }), refs.opList, add]);
  }

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

  function widthOf(columns) { return columns.reduce(function (sum, c) { return sum + c.width; }, 0) + 'px'; }

  function headerTable(columns) {
    return h('table', { class: 'el-table__header', cellspacing: '0', cellpadding: '0', border: '0', style: 'width:' + widthOf(columns) }, [
      h('colgroup', {}, columns.map(function (c) { return h('col', { width: String(c.width) }); })),
      h('thead', {}, [h('tr', {}, columns.map(function (c) {
        var index = COLUMNS.indexOf(c);
        var caret = c.sortable ? h('span', { class: 'caret-wrapper' }, [h('i', { class: 'sort-caret ascending' }), h('i', { class: 'sort-caret descending' })]) : null;
        return h('th', { class: columnClass(index) + ' is-leaf' + (c.sortable ? ' is-sortable' : '') }, [h('div', { class: 'cell' }, [c.label, caret])]);
      }))])
    ]);
  }

  function bodyTable(columns, tbody) {
    return h('table', { class: 'el-table__body', cellspacing: '0', cellpadding: '0', border: '0', style: 'width:' + widthOf(columns) }, [
      h('colgroup', {}, columns.map(function (c) { return h('col', { width: String(c.width) }); })),
      tbody
    ]);
  }

  function renderTableShell() {
    var fixed = COLUMNS.filter(function (c) { return c.fixed; });
    refs.tbody = h('tbody');
    refs.fixedTbody = h('tbody');
    refs.empty = h('div', { class: 'el-table__empty-block', hidden: true }, [h('span', { class: 'el-table__empty-text', text: '暂无数据' })]);
    refs.table = h('div', { class: 'el-table el-table--fit el-table--border el-table--enable-row-hover el-table--small', id: 'orderTable' }, [
      h('div', { class: 'el-table__header-wrapper' }, [headerTable(COLUMNS)]),
      h('div', { class: 'el-table__body-wrapper is-scrolling-none' }, [bodyTable(COLUMNS, refs.tbody), refs.empty]),
      h('div', { class: 'el-table__fixed-right' }, [
        h('div', { class: 'el-table__fixed-header-wrapper' }, [headerTable(fixed)]),
        h('div', { class: 'el-table__fixed-body-wrapper' }, [bodyTable(fixed, refs.fixedTbody)])
      ])
    ]);
    return refs.table;
  }

  function renderTabs() {
    refs.tabs.replaceChildren.apply(refs.tabs, TABS.map(function (t) {
      return h('div', { class: 'el-tabs__item' + (t.key === state.tab ? ' is-active' : ''), id: 'tab-' + t.key,
        role: 'tab', dataset: { tab: t.key }, text: t.label });
    }));
  }

  // --- rows ---------------------------------------------------------------------------------
  function cellContent(o, key) {
    var drug = entryOf(o.code);
    switch (key) {
      case 'sel': return [h('label', { class: 'el-checkbox' }, [h('span', { class: 'el-checkbox__input' }, [
        h('input', { type: 'checkbox', class: 'el-checkbox__original row-select', checked: o.selected })])])];
      case 'group': return [o.group];
      case 'start': return [o.start];
      case 'kind': return [drug.kindLabel || ''];
      case 'name': return [drug.name || ''];
      case 'code': return [o.code];
      case 'spec': return [drug.spec || ''];
      case 'dose': return [doseText(o)];
      case 'route': return [o.route];
      case 'freq': return [(H.frequency(o.freq) || { label: o.freq }).label];
      case 'days': return [h('div', { class: 'el-input el-input--mini' }, [
        h('input', { type: 'text', class: 'el-input__inner', value: o.days, dataset: { field: 'days' } })])];
      case 'qty': return [h('div', { class: 'el-input el-input--mini el-input-group el-input-group--append' }, [
        h('input', { type: 'text', class: 'el-input__inner', value: o.qty, dataset: { field: 'qty' } }),
        h('div', { class: 'el-input-group__append', text: o.unit })])];
      case 'price': return [drug.price !== undefined ? H.money(drug.price) : ''];
      case 'selfPay': return [h('label', { class: 'el-checkbox' }, [h('span', { class: 'el-checkbox__input' }, [
        h('input', { type: 'checkbox', class: 'el-checkbox__original', checked: o.selfPay, dataset: { field: 'selfPay' } })])])];
      case 'ops': return [h('button', { type: 'button', class: 'el-button el-button--text el-button--mini', dataset: { action: 'delete' }, text: '删除' })];
    }
    return [];
  }

  function renderRow(o, index, columns, overlay) {
    var tr = h('tr', { class: 'el-table__row' + (index % 2 ? ' el-table__row--striped' : '') }, columns.map(function (c) {
      var i = COLUMNS.indexOf(c);
      var hidden = !overlay && c.fixed;
      return h('td', { class: columnClass(i) + (hidden ? ' is-hidden' : '') }, [h('div', { class: 'cell' }, cellContent(o, c.key))]);
    }));
    rowOrder.set(tr, o);
    return tr;
  }

  // el-table's sortable header: none → ascending → descending → none, by 开始时间 then 组.
  var SORTS = { '': 'ascending', ascending: 'descending', descending: '' };
  function shownOrders() {
    var orders = currentOrders().slice();
    if (!state.sort) return orders;
    var sign = state.sort === 'ascending' ? 1 : -1;
    return orders.sort(function (a, b) {
      return sign * (a.start < b.start ? -1 : a.start > b.start ? 1 : (parseInt(a.group, 10) || 0) - (parseInt(b.group, 10) || 0));
    });
  }

  function renderRows() {
    var orders = shownOrders();
    Array.prototype.forEach.call(refs.table.querySelectorAll('th.is-sortable'), function (th) {
      th.classList.toggle('ascending', state.sort === 'ascending');
      th.classList.toggle('descending', state.sort === 'descending');
    });
    var fixed = COLUMNS.filter(function (c) { return c.fixed; });
    refs.tbody.replaceChildren.apply(refs.tbody, orders.map(function (o, i) { return renderRow(o, i, COLUMNS, false); }));
    refs.fixedTbody.replaceChildren.apply(refs.fixedTbody, orders.map(function (o, i) { return renderRow(o, i, fixed, true); }));
    refs.empty.hidden = orders.length > 0;
  }

  function render() { renderTabs(); renderRows(); }

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
    var o = tr && rowOrder.get(tr);
    if (!o) return;
    if (target.dataset.field === 'days') o.days = target.value.trim();
    else if (target.dataset.field === 'qty') o.qty = target.value.trim();
  }

  function onTableChange(event) {
    var target = event.target;
    var tr = target.closest('tr.el-table__row');
    var o = tr && rowOrder.get(tr);
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
      state.sort = SORTS[state.sort];
      renderRows();
      return;
    }
    var button = event.target.closest('[data-action="delete"]');
    if (!button) return;
    var o = rowOrder.get(button.closest('tr.el-table__row'));
    var list = currentOrders();
    var at = list.indexOf(o);
    if (at !== -1) {
      list.splice(at, 1);
      renderRows();
    }
  }

  function deleteSelected() {
    var before = currentOrders().length;
    state.orders[state.tab] = currentOrders().filter(function (o) { return !o.selected; });
    if (state.orders[state.tab].length === before) message('请先勾选要删除的医嘱', 'error');
    renderRows();
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
    var o = order(String(Math.max.apply(null, [0].concat(groups)) + 1), state.today + ' ' + '09:00', drug.code,
      parseFloat(document.getElementById('noDose').value) || drug.dose, drug.doseUnit,
      document.getElementById('noRoute').value, document.getElementById('noFreq').value,
      document.getElementById('noDays').value.trim(), document.getElementById('noQty').value.trim(),
      state.tab === 'discharge' ? drug.packUnit : drug.form);
    if (!o.qty) recomputeDischargeQty(o);
    if (!o.qty) o.qty = '1';
    list.push(o);
    refs.form.reset();
    renderRows();
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
      renderBanner(),
      renderDiagnoses(),
      renderOperations(),
      h('div', { class: 'el-tabs el-tabs--top' }, [h('div', { class: 'el-tabs__header' }, [refs.tabs])]),
      renderNewOrderForm(),
      h('div', { class: 'table-toolbar' }, [
        h('button', { type: 'button', class: 'el-button el-button--danger', id: 'btnDeleteSelected', text: '删除选中' }),
        h('button', { type: 'button', class: 'el-button el-button--primary', id: 'btnSaveOrders', text: '保存医嘱' })
      ]),
      renderTableShell()
    );
    refs.tabs.addEventListener('click', function (event) {
      var tab = event.target.closest('[data-tab]');
      if (!tab || tab.dataset.tab === state.tab) return;
      state.tab = tab.dataset.tab;
      render();
    });
    refs.table.addEventListener('input', onTableInput);
    refs.table.addEventListener('change', onTableChange);
    refs.table.addEventListener('click', onTableClick);
    refs.form.addEventListener('submit', addOrder);
    document.getElementById('noDrug').addEventListener('change', onDrugPicked);
    document.getElementById('btnSaveOrders').addEventListener('click', save);
    document.getElementById('btnDeleteSelected').addEventListener('click', deleteSelected);
    render();
  }

  mount();
  window.DemoInpatient = { state: state, render: render };
})();
