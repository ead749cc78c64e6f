import { language } from '../../../components/i18n';

/** The 医生目录 view's words; Chinese first. */

const zhCN = {
  'tab.directory': '医生目录',
  'title': '医生目录',
  'hint': '审核看板按医生编号显示医生姓名和科室。请从 HIS 导出医生名单，按模板整理为 CSV（第一行为列名：医生编号、姓名、科室；科室可空），再在此导入。',
  'template': '下载模板（含一行示例）',
  'template.note': '模板中的示例行须改为本院医生或删除，导入时会拒绝原样的示例行。',
  'choose': '选择 CSV 文件…',
  'none': '未选择文件',
  'replace': '以此文件替换全部名录（文件中没有的医生将被删除）',
  'import': '导入',
  'importing': '正在导入…',
  'stored': '已导入 {rows} 行：新增 {added}，更新 {updated}，未变 {unchanged}，删除 {removed}。',
  'refused': '文件中有 {count} 处错误，未导入任何一行。请改正后重新导入：',
  'error.row': '第 {row} 行',
  'error.column': '列“{column}”',
  'unreadable': '无法读取文件：{message}',
  'list.title': '当前名录（共 {total} 人）',
  'list.search': '查找（编号、姓名或科室）',
  'list.id': '医生编号',
  'list.name': '姓名',
  'list.department': '科室',
  'list.updated': '更新时间',
  'list.empty': '名录为空：审核看板暂以医生编号显示医生。',
  'list.more': '只显示前 {shown} 人，请用查找缩小范围。',
} as const;

type DirectoryKey = keyof typeof zhCN;

const en: Record<DirectoryKey, string> = {
  'tab.directory': 'Doctors',
  'title': 'Doctor directory',
  'hint': 'The dashboard shows doctors by name and department from their ids. Export the doctor list from the HIS, arrange it as the template CSV (header: 医生编号, 姓名, 科室; department may be empty) and import it here.',
  'template': 'Download template (with one example row)',
  'template.note': 'Replace or delete the example row: an import refuses it unchanged.',
  'choose': 'Choose a CSV file…',
  'none': 'No file chosen',
  'replace': 'Replace the whole directory with this file (doctors not in it are removed)',
  'import': 'Import',
  'importing': 'Importing…',
  'stored': 'Imported {rows} rows: {added} added, {updated} updated, {unchanged} unchanged, {removed} removed.',
  'refused': '{count} errors in the file; nothing was imported. Correct them and import again:',
  'error.row': 'Row {row}',
  'error.column': 'column "{column}"',
  'unreadable': 'Cannot read the file: {message}',
  'list.title': 'Current directory ({total} doctors)',
  'list.search': 'Find (id, name or department)',
  'list.id': 'Doctor id',
  'list.name': 'Name',
  'list.department': 'Department',
  'list.updated': 'Updated',
  'list.empty': 'The directory is empty: doctors are shown by their ids.',
  'list.more': 'Only the first {shown} are shown; narrow with Find.',
};

export function dt(key: DirectoryKey, params?: Record<string, string | number>): string {
  const template = language.value === 'en' ? en[key] : zhCN[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole));
}
