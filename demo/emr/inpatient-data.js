/*
 * What the inpatient order screen (inpatient-frame.js) shows when it opens: the patient, the
 * admission diagnoses, the 手术操作 and the orders of each tab, plus the operations the 添加手术操作
 * select offers. Drug codes come from drugs.js, 诊疗/耗材 codes from charges.js (the demo-data
 * test reads this file to check both, and that the diagnoses are ICD-10 医保版 2.0 with their names).
 */
(function () {
  'use strict';
  var H = window.DemoHis;

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
    // 手术操作 (ICD-9-CM-3 医保版); the 添加手术操作 select adds one, as a coder's picker would.
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

  // What the 添加手术操作 select offers: two neurovascular operations, and two of the other sex's
  // chapter (65–75) for trying 手术操作与性别不符 on this male patient.
  var OPERATION_CHOICES = [
    { code: '39.7400x001', title: '颅内血管机械取栓术' },
    { code: '00.6500x004', title: '颅内血管支架置入术' },
    { code: '68.4100', title: '腹腔镜下全子宫切除术' },
    { code: '74.1x00', title: '低位子宫下段剖宫产' }
  ];

  window.DemoInpatientData = { state: state, operationChoices: OPERATION_CHOICES, order: order };
})();
