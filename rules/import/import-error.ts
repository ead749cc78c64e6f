/**
 * Why a file could not be imported at all, in the words the 医保办 reads on the options page and
 * on the command line: a Chinese sentence saying what to do, then the technical detail.
 */

export type ImportErrorCode =
  | 'empty-file'
  | 'file-too-large'
  | 'encrypted'
  | 'legacy-xls'
  | 'html-table'
  | 'text-as-xlsx'
  | 'binary-file'
  | 'not-zip'
  | 'not-xlsx'
  | 'corrupt'
  | 'part-too-large'
  | 'too-many-rows'
  | 'no-header'
  | 'no-rules-sheet'
  | 'codes-only'
  | 'missing-columns'
  | 'csv-syntax'
  | 'unknown-format';

const SAY: Record<ImportErrorCode, string> = {
  'empty-file': '文件是空的，没有可导入的内容',
  'file-too-large': '文件过大，超过导入上限；请按批次或工作表拆分后分别导入',
  encrypted: '文件设置了打开密码（已加密），无法读取；请在 Excel 中取消密码后另存为 .xlsx 再导入',
  'legacy-xls': '这是旧版 Excel 97-2003（.xls）文件；请在 Excel 中另存为 .xlsx 或“CSV UTF-8”后再导入',
  'html-table': '这是网页（HTML）格式的表格，只是扩展名像 Excel；请在 Excel 中打开后另存为 .xlsx 再导入',
  'text-as-xlsx': '扩展名是 Excel，但文件内容是文本（可能是改了扩展名的 .txt/.csv）；请改回 .csv 或在 Excel 中另存为 .xlsx',
  'binary-file': '不是 CSV 文本，也不是 Excel 工作簿，无法导入',
  'not-zip': '不是有效的 Excel 工作簿（.xlsx），文件可能已损坏或未完整下载',
  'not-xlsx': '这是压缩包，但不是 Excel 工作簿（.xlsx）',
  corrupt: '工作簿内容已损坏，无法解析；请在 Excel 中打开后重新保存',
  'part-too-large': '工作表解压后过大，超过导入上限；请拆分后分别导入',
  'too-many-rows': '行数超过导入上限，未导入任何规则；请拆分后分别导入',
  'no-header': '找不到表头：前 10 行中没有写明名称或编码等列名的表头行',
  'no-rules-sheet': '找不到规则表：没有工作表带有限定类型、限定对象（限定值域）或说明等列',
  'codes-only': '工作簿只有编码表（名称和编码），缺少规则表（限定类型、限定对象或说明）；请确认选的是规则库文件本身',
  'missing-columns': '缺少必需的列',
  'csv-syntax': '文件不是规范的 CSV（引号没有成对闭合等）；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入',
  'unknown-format': '无法识别的文件：不是两库批次（xlsx/CSV）、药品目录限定支付范围 CSV，也不是本院规则模板；若是 Excel 导出的 CSV，请另存为“CSV UTF-8（逗号分隔）”',
};

/** "中文说明（detail）": what the user should do first, what exactly went wrong second. */
export function importErrorText(code: ImportErrorCode, detail?: string): string {
  return detail ? `${SAY[code]}（${detail}）` : SAY[code];
}

/** A file-level failure raised inside an importer and turned into the report's error. */
export class ImportFileError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    readonly detail?: string,
  ) {
    super(importErrorText(code, detail));
    this.name = 'ImportFileError';
  }
}
