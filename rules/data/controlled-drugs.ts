import type { OrderLine } from '../../contract/order';

/**
 * 麻醉药品 and 精神药品 by generic name, for the 处方管理办法 limits that depend on them (第二十一至
 * 二十三条). Names follow the 麻醉药品品种目录 / 精神药品品种目录 (2013 edition and the later
 * announcements moving 含羟考酮/含可待因 compounds and 地佐辛 …); only medicines in common
 * clinical use whose class is unambiguous are listed, since a wrong class costs a wrong refusal.
 * National drug codes carry no 麻精 mark, so the test is on the name the page shows.
 */
export type ControlledClass = 'narcotic' | 'psychotropic-1' | 'psychotropic-2';

interface ControlledEntry {
  readonly name: string;
  readonly cls: ControlledClass;
}

/**
 * Checked in order, first match wins: compounds whose class differs from their opioid's come
 * before the opioid (氨酚羟考酮 is 第二类, 羟考酮 alone is 麻醉药品).
 */
const CONTROLLED: readonly ControlledEntry[] = [
  { name: '氨酚羟考酮', cls: 'psychotropic-2' },
  { name: '氨酚氢可酮', cls: 'psychotropic-2' },
  { name: '复方磷酸可待因', cls: 'psychotropic-2' },
  { name: '可待因桔梗', cls: 'psychotropic-2' },
  { name: '吗啡', cls: 'narcotic' },
  { name: '芬太尼', cls: 'narcotic' },
  { name: '羟考酮', cls: 'narcotic' },
  { name: '氢吗啡酮', cls: 'narcotic' },
  { name: '哌替啶', cls: 'narcotic' },
  { name: '美沙酮', cls: 'narcotic' },
  { name: '可待因', cls: 'narcotic' },
  { name: '二氢埃托啡', cls: 'narcotic' },
  { name: '布桂嗪', cls: 'narcotic' },
  { name: '阿片', cls: 'narcotic' },
  { name: '哌醋甲酯', cls: 'psychotropic-1' },
  { name: '司可巴比妥', cls: 'psychotropic-1' },
  { name: '三唑仑', cls: 'psychotropic-1' },
  { name: '氯胺酮', cls: 'psychotropic-1' },
  { name: '羟丁酸钠', cls: 'psychotropic-1' },
  { name: '莫达非尼', cls: 'psychotropic-1' },
  { name: '地西泮', cls: 'psychotropic-2' },
  { name: '艾司唑仑', cls: 'psychotropic-2' },
  { name: '阿普唑仑', cls: 'psychotropic-2' },
  { name: '劳拉西泮', cls: 'psychotropic-2' },
  { name: '氯硝西泮', cls: 'psychotropic-2' },
  { name: '咪达唑仑', cls: 'psychotropic-2' },
  { name: '奥沙西泮', cls: 'psychotropic-2' },
  { name: '硝西泮', cls: 'psychotropic-2' },
  { name: '右佐匹克隆', cls: 'psychotropic-2' },
  { name: '佐匹克隆', cls: 'psychotropic-2' },
  { name: '唑吡坦', cls: 'psychotropic-2' },
  { name: '扎来普隆', cls: 'psychotropic-2' },
  { name: '苯巴比妥', cls: 'psychotropic-2' },
  { name: '异戊巴比妥', cls: 'psychotropic-2' },
  { name: '曲马多', cls: 'psychotropic-2' },
  { name: '喷他佐辛', cls: 'psychotropic-2' },
  { name: '布托啡诺', cls: 'psychotropic-2' },
  { name: '地佐辛', cls: 'psychotropic-2' },
  { name: '纳布啡', cls: 'psychotropic-2' },
];

export const CONTROLLED_CLASS_ZH: Readonly<Record<ControlledClass, string>> = {
  narcotic: '麻醉药品',
  'psychotropic-1': '第一类精神药品',
  'psychotropic-2': '第二类精神药品',
};

// Asked for every drug line on every keystroke; a workstation sees a few hundred distinct names.
const classByName = new Map<string, ControlledClass | null>();
const CLASS_MEMO_LIMIT = 5_000;

export function controlledClassOf(name: string | undefined): ControlledClass | undefined {
  if (!name) return undefined;
  let cls = classByName.get(name);
  if (cls === undefined) {
    cls = CONTROLLED.find((entry) => name.includes(entry.name))?.cls ?? null;
    if (classByName.size >= CLASS_MEMO_LIMIT) classByName.clear();
    classByName.set(name, cls);
  }
  return cls ?? undefined;
}

/** The dosage forms 第二十一、二十三条 tell apart. A transdermal patch counts as 控缓释. */
export type ControlledForm = 'injection' | 'controlled-release' | 'other';

export const CONTROLLED_FORM_ZH: Readonly<Record<ControlledForm, string>> = {
  injection: '注射剂',
  'controlled-release': '控缓释制剂',
  other: '其他剂型',
};

const INJECTION_ROUTE = /注射|静滴|静推|滴注|肌注|皮下|鞘内|硬膜外/;

export function controlledFormOf(line: Pick<OrderLine, 'name' | 'route'>): ControlledForm {
  const name = line.name ?? '';
  if (/注射/.test(name)) return 'injection';
  if (/缓释|控释|透皮贴/.test(name)) return 'controlled-release';
  if (line.route && INJECTION_ROUTE.test(line.route)) return 'injection';
  return 'other';
}
