/*
 * The order table of the inpatient screen, drawn like Element UI's el-table: a header table, a
 * body table, and the fixed 操作 column drawn a second time in an overlay table. Every redraw
 * (tab switch, add, delete, a sort by 开始时间) replaces all rows with new elements, as a
 * virtual-DOM re-render does; rows carry no id, and the order behind a row is kept in a WeakMap.
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
  var FIXED = COLUMNS.filter(function (c) { return c.fixed; });

  // el-table's sortable header: none → ascending → descending → none, by 开始时间 then 组.
  var SORTS = { '': 'ascending', ascending: 'descending', descending: '' };

  function columnClass(index) { return 'el-table_1_column_' + (index + 1); }
  function doseText(o) { return String(o.dose) + o.doseUnit; }
  function widthOf(columns) { return columns.reduce(function (sum, c) { return sum + c.width; }, 0) + 'px'; }

  /** What a row charges, from the drug dictionary or the charge list (items, consumables). */
  function entryOf(code) {
    var drug = H.findDrug(code);
    if (drug) return { name: drug.name, spec: drug.spec, price: drug.price, kindLabel: '药品' };
    return H.findCharge(code) || {};
  }

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

  /**
   * The table for `state`: `element` to mount, `renderRows()` to redraw the current tab's orders
   * (sorted as `state.sort` says), `orderOf(tr)` for the order a row shows, `nextSort()` for a
   * click on the sortable header.
   */
  function create(state) {
    var rowOrder = new WeakMap();
    var tbody = h('tbody');
    var fixedTbody = h('tbody');
    var empty = h('div', { class: 'el-table__empty-block', hidden: true }, [h('span', { class: 'el-table__empty-text', text: '暂无数据' })]);
    var element = h('div', { class: 'el-table el-table--fit el-table--border el-table--enable-row-hover el-table--small', id: 'orderTable' }, [
      h('div', { class: 'el-table__header-wrapper' }, [headerTable(COLUMNS)]),
      h('div', { class: 'el-table__body-wrapper is-scrolling-none' }, [bodyTable(COLUMNS, tbody), empty]),
      h('div', { class: 'el-table__fixed-right' }, [
        h('div', { class: 'el-table__fixed-header-wrapper' }, [headerTable(FIXED)]),
        h('div', { class: 'el-table__fixed-body-wrapper' }, [bodyTable(FIXED, fixedTbody)])
      ])
    ]);

    function renderRow(o, index, columns, overlay) {
      var tr = h('tr', { class: 'el-table__row' + (index % 2 ? ' el-table__row--striped' : '') }, columns.map(function (c) {
        var i = COLUMNS.indexOf(c);
        var hidden = !overlay && c.fixed;
        return h('td', { class: columnClass(i) + (hidden ? ' is-hidden' : '') }, [h('div', { class: 'cell' }, cellContent(o, c.key))]);
      }));
      rowOrder.set(tr, o);
      return tr;
    }

    function shownOrders() {
      var orders = state.orders[state.tab].slice();
      if (!state.sort) return orders;
      var sign = state.sort === 'ascending' ? 1 : -1;
      return orders.sort(function (a, b) {
        return sign * (a.start < b.start ? -1 : a.start > b.start ? 1 : (parseInt(a.group, 10) || 0) - (parseInt(b.group, 10) || 0));
      });
    }

    function renderRows() {
      var orders = shownOrders();
      Array.prototype.forEach.call(element.querySelectorAll('th.is-sortable'), function (th) {
        th.classList.toggle('ascending', state.sort === 'ascending');
        th.classList.toggle('descending', state.sort === 'descending');
      });
      tbody.replaceChildren.apply(tbody, orders.map(function (o, i) { return renderRow(o, i, COLUMNS, false); }));
      fixedTbody.replaceChildren.apply(fixedTbody, orders.map(function (o, i) { return renderRow(o, i, FIXED, true); }));
      empty.hidden = orders.length > 0;
    }

    return {
      element: element,
      renderRows: renderRows,
      orderOf: function (tr) { return tr ? rowOrder.get(tr) : undefined; },
      nextSort: function () { state.sort = SORTS[state.sort]; }
    };
  }

  window.DemoInpatientTable = { create: create };
})();
