import { CsvError, readCsv, type CsvRecord } from '../../../rules/import/csv';
import { DIRECTORY_COLUMNS, DIRECTORY_EXAMPLE, MAX_DIRECTORY_ROWS, type DirectoryRowError } from '../../../contract/review/directory';

/**
 * The 医生目录 CSV read into entries, or the rows that are wrong, each named by its number as the
 * spreadsheet shows it and by its column, in Chinese: the 医保办 fixes the file, not a log.
 */

export interface ParsedEntry {
  row: number;
  id: string;
  name: string;
  department: string | null;
}

export interface ParsedDirectory {
  /** Data rows in the file (blank lines left out). */
  rows: number;
  entries: ParsedEntry[];
  errors: DirectoryRowError[];
}

/** Characters that do not show or reorder text: an id holding one looks like another id. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
/** Errors reported at most: a wrong file (another table entirely) would list every row. */
const MAX_ERRORS = 200;

type Column = keyof typeof DIRECTORY_COLUMNS;

function findColumns(header: readonly string[]): { at: Partial<Record<Column, number>>; missing: Column[] } {
  const at: Partial<Record<Column, number>> = {};
  for (const column of Object.keys(DIRECTORY_COLUMNS) as Column[]) {
    const names: readonly string[] = DIRECTORY_COLUMNS[column].synonyms;
    const index = header.findIndex((h) => names.includes(h.replace(/\s+/g, '')));
    if (index >= 0) at[column] = index;
  }
  return { at, missing: (['id', 'name'] as const).filter((c) => at[c] === undefined) };
}

export function parseDirectoryCsv(text: string): ParsedDirectory {
  const errors: DirectoryRowError[] = [];
  let table;
  try {
    table = readCsv(new TextEncoder().encode(text));
  } catch (error) {
    const message = error instanceof CsvError && error.code === 'no-header' ? '文件是空的，没有列名行' : '文件格式有误：有未闭合的引号';
    return { rows: 0, entries: [], errors: [{ row: 1, message }] };
  }
  const { at, missing } = findColumns(table.header);
  if (missing.length > 0) {
    const names = missing.map((c) => `“${DIRECTORY_COLUMNS[c].header}”`).join('、');
    return { rows: table.records.length, entries: [], errors: [{ row: 1, message: `缺少列 ${names}（模板的列名：医生编号、姓名、科室）` }] };
  }
  if (table.records.length > MAX_DIRECTORY_ROWS) {
    return { rows: table.records.length, entries: [], errors: [{ row: 1, message: `文件有 ${table.records.length} 行，超过上限 ${MAX_DIRECTORY_ROWS} 行` }] };
  }
  const field = (record: CsvRecord, column: Column) => {
    const index = at[column];
    return index === undefined ? '' : (record.fields[index] ?? '').trim();
  };
  const entries: ParsedEntry[] = [];
  const seen = new Map<string, number>();
  for (const record of table.records) {
    const fail = (column: Column | undefined, message: string) => {
      if (errors.length < MAX_ERRORS) errors.push({ row: record.row, ...(column ? { column: DIRECTORY_COLUMNS[column].header } : {}), message });
    };
    const id = field(record, 'id');
    const name = field(record, 'name');
    const department = field(record, 'department');
    let ok = true;
    const check = (condition: boolean, column: Column, message: string) => {
      if (!condition) {
        fail(column, message);
        ok = false;
      }
    };
    check(id !== '', 'id', '医生编号为空');
    check(id.length <= 64, 'id', '医生编号超过 64 个字符');
    check(!HIDDEN.test(id), 'id', '医生编号中含有不可见字符或控制字符');
    check(name !== '', 'name', '姓名为空');
    check(name.length <= 100, 'name', '姓名超过 100 个字符');
    check(!HIDDEN.test(name), 'name', '姓名中含有不可见字符或控制字符');
    check(department.length <= 100, 'department', '科室超过 100 个字符');
    check(!HIDDEN.test(department), 'department', '科室中含有不可见字符或控制字符');
    if (id === DIRECTORY_EXAMPLE.id && name === DIRECTORY_EXAMPLE.name) {
      fail(undefined, '这是模板中的示例行，请改为本院医生或删除');
      ok = false;
    }
    const earlier = seen.get(id);
    if (id !== '' && earlier !== undefined) {
      fail('id', `医生编号 ${id} 与第 ${earlier} 行重复`);
      ok = false;
    }
    if (id !== '' && earlier === undefined) seen.set(id, record.row);
    if (ok) entries.push({ row: record.row, id, name, department: department || null });
  }
  if (table.records.length === 0) errors.push({ row: 2, message: '文件只有列名，没有医生' });
  return { rows: table.records.length, entries, errors };
}
