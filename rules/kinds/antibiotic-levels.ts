import type { AntibioticLevel } from '../../contract/order';

/**
 * The words of 抗菌药物分级管理 (《抗菌药物临床应用管理办法》第六条、第二十四条): how a level is
 * written, its rank, and how a page cell, a template cell or a profile value is read back. The
 * kind, the import templates and the adapter read through this one table, so 限制级 means the
 * same wherever it is written.
 */

/** A graded antibiotic's level; a doctor's privilege may also be `none`. */
export type DrugLevel = Exclude<AntibioticLevel, 'none'>;

export const ANTIBIOTIC_LEVEL_ZH: Readonly<Record<AntibioticLevel, string>> = {
  none: '无',
  unrestricted: '非限制使用级',
  restricted: '限制使用级',
  special: '特殊使用级',
};

/** Each privilege includes the levels below it (第二十四条: 高级职称 特殊, 中级 限制, 初级 非限制). */
export const ANTIBIOTIC_RANK: Readonly<Record<AntibioticLevel, number>> = { none: 0, unrestricted: 1, restricted: 2, special: 3 };

export const DRUG_LEVELS: readonly DrugLevel[] = ['unrestricted', 'restricted', 'special'];

/**
 * Words a list or a page uses, after NFKC and without spaces or brackets: the full names, the
 * short ones (限制级, 特殊级), and the ids. 一线/二线/三线 are left out on purpose: 二线 is also
 * 限二线用药 (second-line), another rule altogether.
 */
const WORDS = new Map<string, AntibioticLevel>();
const add = (level: AntibioticLevel, words: readonly string[]) => {
  for (const w of words) WORDS.set(w, level);
};
add('unrestricted', ['非限制使用级', '非限制使用', '非限制级', '非限制', 'unrestricted']);
add('restricted', ['限制使用级', '限制使用', '限制级', '限制', 'restricted']);
add('special', ['特殊使用级', '特殊使用', '特殊级', '特殊', 'special']);
add('none', ['无', '无处方权', '无抗菌药物处方权', '未授权', '未授予', '否', 'none']);

const key = (text: string): string =>
  text
    .normalize('NFKC')
    .replace(/[\s()（）[\]【】]/g, '')
    .replace(/^抗菌药物/, '')
    .replace(/处方权$/, '')
    .toLowerCase();

/** A level from a cell or page text ("限制使用级", "特殊级", "无"); undefined when it names none. */
export function parseAntibioticLevel(text: string): AntibioticLevel | undefined {
  const k = key(text);
  return k === '' ? undefined : WORDS.get(k) ?? WORDS.get(`${k}级`);
}

/** The words a cell may hold, for messages and instructions. */
export const ANTIBIOTIC_LEVEL_CHOICES = '非限制使用级 / 限制使用级 / 特殊使用级 / 无';
