/*
 * Helpers shared by the demo HIS pages. Elements are built one by one, never parsed from
 * markup strings: csp.html runs under Trusted Types, where string-to-DOM assignments throw.
 */
(function () {
  'use strict';

  /** The demo's fixed "today", so pages and tests agree on the encounter date. */
  var DEMO_DATE = '2026-11-22';

  /** h('td', { class: 'x', dataset: { k: 'v' } }, ['text', childNode]) */
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    var key;
    for (key in attrs || {}) {
      var value = attrs[key];
      if (value === undefined || value === null || value === false) continue;
      if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key === 'value') el.value = value;
      else if (key === 'checked') el.checked = Boolean(value);
      else if (key === 'text') el.textContent = value;
      else if (key.slice(0, 2) === 'on') el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return el;
  }

  // Times per cycle and cycle days as the order-frequency dictionary counts them.
  var FREQUENCIES = [
    { code: 'qd', label: '每日一次', times: 1, cycle: 1 },
    { code: 'bid', label: '每日两次', times: 2, cycle: 1 },
    { code: 'tid', label: '每日三次', times: 3, cycle: 1 },
    { code: 'qid', label: '每日四次', times: 4, cycle: 1 },
    { code: 'qn', label: '每晚一次', times: 1, cycle: 1 },
    { code: 'q8h', label: '每8小时一次', times: 3, cycle: 1 },
    { code: 'q12h', label: '每12小时一次', times: 2, cycle: 1 },
    { code: 'qod', label: '隔日一次', times: 1, cycle: 2 },
    { code: 'tiw', label: '每周三次', times: 3, cycle: 7 },
    { code: 'qw', label: '每周一次', times: 1, cycle: 7 },
    { code: 'prn', label: '必要时', times: 1, cycle: 1 },
    { code: 'st', label: '立即', times: 1, cycle: 1 }
  ];

  function frequency(codeOrLabel) {
    for (var i = 0; i < FREQUENCIES.length; i++) {
      var f = FREQUENCIES[i];
      if (f.code === codeOrLabel || f.label === codeOrLabel) return f;
    }
    return undefined;
  }

  var MASS = { 'g': 1, 'mg': 0.001, 'μg': 0.000001 };

  /** Dose units a doctor may pick for a drug: the mass family when it is dosed by mass. */
  function doseUnitsFor(drug) {
    return MASS[drug.doseUnit] ? ['g', 'mg', 'μg'] : [drug.doseUnit];
  }

  /** Packages needed for `days` of `dose` (in `doseUnit`) at `freqCode`; undefined when unknown. */
  function packagesFor(drug, dose, doseUnit, freqCode, days) {
    var f = frequency(freqCode);
    if (!drug || !f || !(dose > 0) || !(days > 0)) return undefined;
    var inDrugUnit = dose;
    if (doseUnit !== drug.doseUnit) {
      if (!MASS[doseUnit] || !MASS[drug.doseUnit]) return undefined;
      inDrugUnit = (dose * MASS[doseUnit]) / MASS[drug.doseUnit];
    }
    var unitsPerTime = inDrugUnit / drug.strength;
    var times = f.code === 'st' ? 1 : Math.ceil((days * f.times) / f.cycle);
    // 1e-9 keeps 0.2/0.1 = 2.0000000000000004 from rounding up to an extra package.
    return Math.max(1, Math.ceil((unitsPerTime * times) / drug.packSize - 1e-9));
  }

  function findDrug(code) {
    var list = window.DEMO_DRUGS || [];
    for (var i = 0; i < list.length; i++) if (list[i].code === code) return list[i];
    return undefined;
  }

  /** A 诊疗项目 or 医用耗材 of the charge list (charges.js), by code. */
  function findCharge(code) {
    var list = window.DEMO_CHARGES || [];
    for (var i = 0; i < list.length; i++) if (list[i].code === code) return list[i];
    return undefined;
  }

  function searchDrugs(query, limit) {
    var q = String(query || '').trim().toUpperCase();
    if (!q) return [];
    return (window.DEMO_DRUGS || []).filter(function (d) {
      return d.name.toUpperCase().indexOf(q) !== -1 || d.code.indexOf(q) === 0;
    }).slice(0, limit || 10);
  }

  function money(n) {
    return (Math.round(n * 100) / 100).toFixed(2);
  }

  /** The page's own submission; tests read window.__submitted to see whether it happened. */
  function recordSubmission(page, lines) {
    window.__submitted.push({ page: page, date: DEMO_DATE, lines: lines });
  }

  function setStatus(text, kind) {
    var el = document.getElementById('statusMsg');
    if (!el) return;
    el.textContent = text;
    el.className = kind || '';
  }

  function showDialog(text) {
    var dlg = document.getElementById('hisDialog');
    if (!dlg) return;
    dlg.querySelector('.dlg-body').textContent = text;
    dlg.hidden = false;
  }

  document.addEventListener('click', function (event) {
    var target = event.target;
    if (target && target.closest && target.closest('[data-close-dialog]')) {
      document.getElementById('hisDialog').hidden = true;
    }
  });

  window.__submitted = window.__submitted || [];
  window.DemoHis = {
    DEMO_DATE: DEMO_DATE,
    FREQUENCIES: FREQUENCIES,
    h: h,
    frequency: frequency,
    doseUnitsFor: doseUnitsFor,
    packagesFor: packagesFor,
    findDrug: findDrug,
    findCharge: findCharge,
    searchDrugs: searchDrugs,
    money: money,
    recordSubmission: recordSubmission,
    setStatus: setStatus,
    showDialog: showDialog
  };
})();
