/*
 * The patient's part of the inpatient order screen: the Element-style description table of the
 * patient (性别, 年龄, 妊娠哺乳 …), the admission diagnoses and the 手术操作 list with its
 * 添加手术操作 select. Drawn once from the screen's state (inpatient-frame.js mounts them).
 */
(function () {
  'use strict';
  var h = window.DemoHis.h;

  function banner(state) {
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

  function diagnoses(state) {
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

  function operationItems(state) {
    return state.operations.map(function (o) {
      return h('li', { class: 'op-item' }, [
        h('span', { class: 'op-code', text: o.code }),
        h('span', { class: 'op-name', text: o.title }),
        h('span', { class: 'op-date', text: o.date })
      ]);
    });
  }

  /** The 手术操作 list; a choice of the select is added with today's date and the list redrawn. */
  function operations(state, choices) {
    var list = h('ul', { class: 'diag-list', id: 'opList' }, operationItems(state));
    var add = h('select', { class: 'el-select', id: 'opAdd' }, [h('option', { value: '', text: '添加手术操作…' })].concat(
      choices.map(function (o) { return h('option', { value: o.code, text: o.code + ' ' + o.title }); })));
    add.addEventListener('change', function () {
      var picked = choices.filter(function (o) { return o.code === add.value; })[0];
      add.value = '';
      if (!picked) return;
      state.operations.push({ code: picked.code, title: picked.title, date: state.today });
      list.replaceChildren.apply(list, operationItems(state));
    });
    return h('div', { class: 'diag-box' }, [h('span', { class: 'diag-title', text: '手术操作：' }), list, add]);
  }

  window.DemoInpatientHeader = { banner: banner, diagnoses: diagnoses, operations: operations };
})();
