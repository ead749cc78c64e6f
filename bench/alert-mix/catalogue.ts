import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The medicines and services the alert mix prescribes. Drugs of the demo HIS dictionary
 * (demo/emr/drugs.js: national codes, realistic 规格, doses and prices) are read from there so the
 * two never disagree; the rest are listed here with where their code comes from.
 */

export interface DrugTemplate {
  readonly code: string;
  readonly name: string;
  readonly spec: string;
  /** Content of one dispensing unit (片, 粒, 支) in `doseUnit`. */
  readonly strength: number;
  readonly doseUnit: string;
  /** The dispensing unit: 片, 粒, 支, 贴. */
  readonly form: string;
  /** Dispensing units per package the line counts; 1 when lines count dispensing units (ampoules, vials). */
  readonly packSize: number;
  readonly packUnit: string;
  /** Usual adult single dose in `doseUnit`, its frequency and route. */
  readonly dose: number;
  readonly freq: string;
  readonly route: string;
  /** Price of one package (or one dispensing unit when packSize is 1), yuan. */
  readonly price: number;
  /** The code is made up (see ILLUSTRATIVE_CODE_NOTE); everything else about the drug is real. */
  readonly illustrative?: true;
}

export interface ItemTemplate {
  readonly code: string;
  readonly name: string;
  readonly unit: string;
  readonly price: number;
}

const DEMO_DRUGS_PATH = fileURLToPath(new URL('../../demo/emr/drugs.js', import.meta.url));

/** drugs.js assigns one JSON array to window.DEMO_DRUGS; the array is all we need of it. */
function readDemoDrugs(): DrugTemplate[] {
  const text = readFileSync(DEMO_DRUGS_PATH, 'utf8');
  const start = text.indexOf('[');
  const end = text.lastIndexOf(']');
  if (start < 0 || end < start) throw new Error(`${DEMO_DRUGS_PATH}: no drug array`);
  return JSON.parse(text.slice(start, end + 1)) as DrugTemplate[];
}

export const ILLUSTRATIVE_CODE_NOTE =
  'Common drugs the demo pack has no rule for. ../shared/data carries no national code for them, so each code is made up ' +
  'in the national layout with its ATC level 4 right: X + ATC (5) + 通用名 (pinyin initial + 9xx, picked to stand out; not ' +
  'checked against the national list) + 剂型 (A001 片, A010 缓释片, A012 肠溶片, E001 胶囊, B014 注射用粉针) + 0101 + enterprise 00000.';

/** Made-up codes (see ILLUSTRATIVE_CODE_NOTE); 规格, doses and prices are ordinary ones. */
const ILLUSTRATIVE: readonly Omit<DrugTemplate, 'illustrative'>[] = [
  { code: 'XC08CAA901A001010100000', name: '苯磺酸氨氯地平片', spec: '5mg*7片', strength: 5, doseUnit: 'mg', form: '片', packSize: 7, packUnit: '盒', dose: 5, freq: 'qd', route: '口服', price: 10.5 },
  { code: 'XA10BAE901A001010100000', name: '盐酸二甲双胍片', spec: '0.5g*20片', strength: 0.5, doseUnit: 'g', form: '片', packSize: 20, packUnit: '盒', dose: 0.5, freq: 'tid', route: '口服', price: 6.8 },
  { code: 'XC10AAA902A001010100000', name: '阿托伐他汀钙片', spec: '20mg*7片', strength: 20, doseUnit: 'mg', form: '片', packSize: 7, packUnit: '盒', dose: 20, freq: 'qn', route: '口服', price: 12.6 },
  { code: 'XB01ACA903A012010100000', name: '阿司匹林肠溶片', spec: '100mg*30片', strength: 100, doseUnit: 'mg', form: '片', packSize: 30, packUnit: '盒', dose: 100, freq: 'qd', route: '口服', price: 15.2 },
  { code: 'XB01ACL901A001010100000', name: '硫酸氢氯吡格雷片', spec: '75mg*7片', strength: 75, doseUnit: 'mg', form: '片', packSize: 7, packUnit: '盒', dose: 75, freq: 'qd', route: '口服', price: 17.9 },
  { code: 'XC07ABM901A010010100000', name: '琥珀酸美托洛尔缓释片', spec: '47.5mg*7片', strength: 47.5, doseUnit: 'mg', form: '片', packSize: 7, packUnit: '盒', dose: 47.5, freq: 'qd', route: '口服', price: 19.6 },
  { code: 'XJ01CAA901E001010100000', name: '阿莫西林胶囊', spec: '0.25g*24粒', strength: 0.25, doseUnit: 'g', form: '粒', packSize: 24, packUnit: '盒', dose: 0.5, freq: 'tid', route: '口服', price: 8.4 },
  { code: 'XJ01DCT901A001010100000', name: '头孢呋辛酯片', spec: '0.25g*12片', strength: 0.25, doseUnit: 'g', form: '片', packSize: 12, packUnit: '盒', dose: 0.25, freq: 'bid', route: '口服', price: 21.0 },
  { code: 'XR05CBA901A001010100000', name: '盐酸氨溴索片', spec: '30mg*20片', strength: 30, doseUnit: 'mg', form: '片', packSize: 20, packUnit: '盒', dose: 30, freq: 'tid', route: '口服', price: 7.5 },
  { code: 'XM01AEB901E001010100000', name: '布洛芬缓释胶囊', spec: '0.3g*20粒', strength: 0.3, doseUnit: 'g', form: '粒', packSize: 20, packUnit: '盒', dose: 0.3, freq: 'bid', route: '口服', price: 11.3 },
  { code: 'XH03AAZ901A001010100000', name: '左甲状腺素钠片', spec: '50μg*100片', strength: 50, doseUnit: 'μg', form: '片', packSize: 100, packUnit: '瓶', dose: 50, freq: 'qd', route: '口服', price: 28.0 },
  { code: 'XA02BCA901E012010100000', name: '奥美拉唑肠溶胶囊', spec: '20mg*14粒', strength: 20, doseUnit: 'mg', form: '粒', packSize: 14, packUnit: '盒', dose: 20, freq: 'bid', route: '口服', price: 13.7 },
  { code: 'XR06AXL901A001010100000', name: '氯雷他定片', spec: '10mg*6片', strength: 10, doseUnit: 'mg', form: '片', packSize: 6, packUnit: '盒', dose: 10, freq: 'qd', route: '口服', price: 9.9 },
  { code: 'XJ01DDT901B014010100000', name: '注射用头孢曲松钠', spec: '1g', strength: 1, doseUnit: 'g', form: '支', packSize: 1, packUnit: '支', dose: 2, freq: 'qd', route: '静脉滴注', price: 6.2 },
  { code: 'XB01AAH901A001010100000', name: '华法林钠片', spec: '2.5mg*60片', strength: 2.5, doseUnit: 'mg', form: '片', packSize: 60, packUnit: '瓶', dose: 2.5, freq: 'qd', route: '口服', price: 18.0 },
];

/**
 * Drugs with real national codes that drugs.js does not carry: the codes and 规格 are those of the
 * golden orders (tests/golden/orders), which name their sources.
 */
const FROM_GOLDEN: readonly DrugTemplate[] = [
  { code: 'XG01AFJ070A009010100150', name: '甲硝唑阴道泡腾片', spec: '0.2g*7片', strength: 0.2, doseUnit: 'g', form: '片', packSize: 7, packUnit: '盒', dose: 0.2, freq: 'qn', route: '阴道给药', price: 16.8 },
  { code: 'XG01AFJ070U004010100107', name: '甲硝唑阴道凝胶', spec: '5g*1支', strength: 5, doseUnit: 'g', form: '支', packSize: 1, packUnit: '支', dose: 5, freq: 'qn', route: '阴道给药', price: 24.5 },
  // 奥美拉唑碳酸氢钠干混悬剂(Ⅰ): a national code of the demo pack's 第十二批 rule; one 袋 holds 20 mg 奥美拉唑.
  { code: 'XA02BCA348X006010104145', name: '奥美拉唑碳酸氢钠干混悬剂(Ⅰ)', spec: '20mg/1680mg*6袋', strength: 1, doseUnit: '袋', form: '袋', packSize: 6, packUnit: '盒', dose: 1, freq: 'qd', route: '口服', price: 52.8 },
  { code: 'XN02ABF027V002010101389', name: '芬太尼透皮贴剂', spec: '4.2mg*5贴', strength: 1, doseUnit: '贴', form: '贴', packSize: 5, packUnit: '盒', dose: 1, freq: 'q72h', route: '外用', price: 312.0 },
  { code: 'XG02ADK026B002010100568', name: '卡前列素氨丁三醇注射液', spec: '1ml:250μg', strength: 250, doseUnit: 'μg', form: '支', packSize: 1, packUnit: '支', dose: 250, freq: 'st', route: '肌内注射', price: 158.0 },
  // 康艾注射液: catalogue key ZC01AAK00190 completed to 20 characters, as the golden orders do.
  { code: 'ZC01AAK0019010100386', name: '康艾注射液', spec: '10ml*5支', strength: 10, doseUnit: 'ml', form: '支', packSize: 1, packUnit: '支', dose: 40, freq: 'qd', route: '静脉滴注', price: 12.4 },
  // 丹参注射液: catalogue key ZA12CAD00730 (drug-restrictions-structured.csv) completed to 20 characters.
  { code: 'ZA12CAD0073010100000', name: '丹参注射液', spec: '10ml', strength: 10, doseUnit: 'ml', form: '支', packSize: 1, packUnit: '支', dose: 20, freq: 'qd', route: '静脉滴注', price: 3.9 },
];

export const ITEMS = {
  hba1c: { code: '002503020030000', name: '糖化血红蛋白测定', unit: '次', price: 60 },
  prostaticFluid: { code: '002501040130000', name: '前列腺液常规检查', unit: '次', price: 12 },
  transvaginalUltrasound: { code: '002202020010000', name: '经阴道B超检查', unit: '次', price: 90 },
  inpatientConsultation: { code: '001102000050000', name: '住院诊查费', unit: '日', price: 20 },
  wardBed: { code: '001109000010000', name: '普通病房床位费', unit: '日', price: 50 },
  nursingLevel2: { code: '001201000040000', name: 'Ⅱ级护理', unit: '日', price: 18 },
  // 全国医疗服务价格项目规范 120400006, in the 15-digit form: charged with every day of drips.
  infusion: { code: '001204000060000', name: '静脉输液', unit: '次', price: 10 },
  emergencyConsultation: { code: '001102000030000', name: '急诊诊查费', unit: '次', price: 15 },
  emergencyMonitoring: { code: '001103000010000', name: '急诊监护费', unit: '日', price: 60 },
} as const satisfies Record<string, ItemTemplate>;

export type ItemKey = keyof typeof ITEMS;

function buildDrugIndex(): ReadonlyMap<string, DrugTemplate> {
  const all: DrugTemplate[] = [...readDemoDrugs(), ...FROM_GOLDEN, ...ILLUSTRATIVE.map((d) => ({ ...d, illustrative: true as const }))];
  const byName = new Map<string, DrugTemplate>();
  for (const drug of all) {
    if (byName.has(drug.name)) throw new Error(`drug ${drug.name} listed twice`);
    byName.set(drug.name, drug);
  }
  return byName;
}

let index: ReadonlyMap<string, DrugTemplate> | undefined;

/** A drug by its 通用名 as listed; a typo in a scenario fails the generator, not the bench. */
export function drug(name: string): DrugTemplate {
  index ??= buildDrugIndex();
  const found = index.get(name);
  if (!found) throw new Error(`no drug named ${name} in the alert-mix catalogue`);
  return found;
}

export function allDrugs(): readonly DrugTemplate[] {
  index ??= buildDrugIndex();
  return [...index.values()];
}
