import type { Cell, Table } from '../../../components/review/export/cells';
import { writeXlsx } from '../../../rules/import/xlsx-write';
import type { MonthlyReport, ReportRow } from '../../../contract/review/monthly-report';
import { formatInstant } from '../../../contract/review/zoned-time';
import { rpt } from './report-i18n';

/**
 * The report as tables: the one shape the screen, the print view and the Excel file are all made
 * from, so their numbers cannot differ. Amounts stay the hub's exact decimal text on screen and
 * become numbers (two decimals) in the workbook.
 */

const rules = (row: ReportRow) => row.topRules.map((r) => `${r.name ?? r.ruleId}（${r.alerts}）`).join('；');

const figures = (row: ReportRow): Cell[] => [
  row.orders,
  row.alerts,
  row.fixed,
  row.continued,
  row.confirmed,
  row.pending,
  row.atRisk,
  row.avoided,
  row.atRiskUnpriced + row.avoidedUnpriced,
  rules(row),
];

const FIGURE_HEADER = () => [
  rpt('col.orders'),
  rpt('col.alerts'),
  rpt('col.fixed'),
  rpt('col.continued'),
  rpt('col.confirmed'),
  rpt('col.pending'),
  rpt('col.atRisk'),
  rpt('col.avoided'),
  rpt('col.unpriced'),
  rpt('col.topRules'),
];

/** Columns 0-based where the figures start, and which of them are amounts. */
export const AMOUNT_COLUMNS = { department: [7, 8], doctor: [9, 10] } as const;

export function departmentTable(report: MonthlyReport): Table {
  return {
    header: [rpt('col.department'), ...FIGURE_HEADER()],
    rows: [...report.departments.map((r) => [r.key ?? rpt('none'), ...figures(r)]), [rpt('total'), ...figures(report.total)]],
  };
}

export function doctorTable(report: MonthlyReport): Table {
  return {
    header: [rpt('col.doctor'), rpt('col.doctorId'), rpt('col.department'), ...FIGURE_HEADER()],
    rows: [
      ...report.doctors.map((r) => [r.name ?? r.key ?? rpt('none'), r.key ?? '', r.department ?? '', ...figures(r)]),
      [rpt('total'), '', '', ...figures(report.total)],
    ],
  };
}

/** The workbook: 按科室, 按医生 and 口径说明 sheets; amounts as numbers. */
export function reportXlsx(report: MonthlyReport): Uint8Array {
  const numeric = (table: Table, amounts: readonly number[]) => table.rows.map((row) => row.map((cell, i) => (amounts.includes(i) && typeof cell === 'string' ? Number(cell) : cell)));
  const dept = departmentTable(report);
  const doc = doctorTable(report);
  const width = (n: number, first: number[]) => [...first, ...Array.from({ length: n - first.length }, (_, i) => (i === n - first.length - 1 ? 60 : 12))];
  return writeXlsx([
    { name: rpt('byDepartment'), rows: [dept.header, ...numeric(dept, AMOUNT_COLUMNS.department)], widths: width(dept.header.length, [16]), header: true },
    { name: rpt('byDoctor'), rows: [doc.header, ...numeric(doc, AMOUNT_COLUMNS.doctor)], widths: width(doc.header.length, [12, 22, 14]), header: true },
    {
      name: rpt('notes.title'),
      rows: [
        [rpt('title')],
        [rpt('period', { from: report.from, to: report.to, zone: report.timeZone })],
        [rpt('generated', { time: formatInstant(report.generatedAt, report.timeZone) })],
        [rpt('note.orders')],
        [rpt('note.alerts')],
        [rpt('note.confirmed')],
        [rpt('note.amounts')],
      ],
      widths: [160],
    },
  ]);
}
