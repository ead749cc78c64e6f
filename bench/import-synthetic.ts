import { seededRandom, type Random } from './prng';

/**
 * Synthetic import inputs at the size the importer must take in one go (100,000 rows, the
 * per-file row limit): a batch CSV in the 2026 one-row-per-knowledge-point layout and a
 * drug-restrictions catalogue in the shape of ../shared/data/drug-restrictions-structured.csv.
 * Texts and values are the real ones' kinds; codes are shaped like national codes so prefixes
 * and codes collide the way real ones do.
 */

const BATCH_HEADER = 'batch,published_at,rule_class,gz_code,item_name,constraint,detect_logic,med_codes,attachment_file,row';
const CATALOGUE_HEADER = '药品编码,药品名称,险种限制,机构限制,就医限制,专科限制,性别限制,年龄限制,疾病限制,阶梯限制,极量限制,疗程限制,总额限制,领域标识';

const ATC = ['J01DC', 'J01FA', 'A02BC', 'C09CA', 'L01XE', 'N05AX', 'B01AD', 'A10BH', 'R03AK', 'L04AB', 'J05AF', 'C10AA', 'M05BA', 'G03CA', 'L02BB'];
const FORM = ['A', 'B', 'C', 'D', 'X'];
const STEMS = ['头孢', '阿莫西', '奥美', '缬沙', '吉非', '利培', '阿替', '西格', '布地', '阿达', '恩替', '阿托', '阿仑', '雌二', '比卡'];
const SUFFIXES = ['片', '胶囊', '注射液', '颗粒', '缓释片', '注射用粉针'];

const DISEASES_TEXT = [
  '社区获得性肺炎', '慢性乙型肝炎', '晚期非小细胞肺癌', '艾滋病病毒感染', '2型糖尿病', '突发性耳聋', '前列腺癌', '类风湿关节炎',
  '强直性脊柱炎', '慢性心力衰竭', '原发性高血压', '脑梗死', '急性心肌梗死', '肺动脉高压', '克罗恩病', '溃疡性结肠炎',
  '多发性骨髓瘤', '慢性髓性白血病', '乳腺癌', '胃肠间质瘤', '帕金森病', '阿尔茨海默病', '精神分裂症', '癫痫',
  '银屑病', '特应性皮炎', '骨质疏松症', '慢性肾脏病', '丙型肝炎', '肝硬化', '放化疗引起的恶心呕吐', '重症肌无力',
];
const QUALIFIERS = ['', '成人', '儿童', '经一线治疗失败的', '中重度', '确诊的', '住院患者的', '二级及以上医疗机构诊断的'];

/**
 * A 限定支付范围 text. About half the rows of a large file carry a text no earlier row had (the
 * shared knowledge-point files: 3,052 rows, 1,030 texts), so most texts here are distinct too:
 * 112,000 combinations of qualifier or age, disease and course.
 */
function indicationText(random: Random): string {
  const qualifier = random.chance(0.5) ? `${random.int(1, 70)}岁及以上` : random.pick(QUALIFIERS);
  const days = random.int(7, 40);
  const tail = random.chance(0.3) ? '。' : random.chance(0.5) ? '患者。' : `，支付不超过${days}天。`;
  return `限${qualifier}${random.pick(DISEASES_TEXT)}${tail}`;
}

interface BatchClass {
  ruleClass: string;
  gzCode: string;
  text: (random: Random) => string;
  weight: number;
}

/** The classes of a mixed batch file, with the kinds of texts their rows carry. */
const BATCH_CLASSES: readonly BatchClass[] = [
  { ruleClass: '药品限适应症', gzCode: 'GZ10000101008000', text: indicationText, weight: 6 },
  { ruleClass: '药品区分性别使用', gzCode: 'GZ10000301004000', text: (r) => r.pick(['限女性。', '限男性。', '限女性患者。']), weight: 2 },
  { ruleClass: '药品限二线使用', gzCode: 'GZ10000101009000', text: (r) => (r.chance(0.5) ? '限二线用药。' : `限二线用药。${indicationText(r)}`), weight: 1 },
  { ruleClass: '药品限儿童使用', gzCode: 'GZ10000301005000', text: (r) => (r.chance(0.5) ? '限儿童。' : `限${r.int(6, 18)}岁及以下患者。`), weight: 1 },
];

/** A 23-character 西药 code: X, ATC level 5, salt, 3 digits, form, 3 digits, then maker and pack (9). */
function drugCode(random: Random, drug: number, variant: number): string {
  const atc = ATC[drug % ATC.length]!;
  const salt = String.fromCharCode(65 + (drug % 26));
  const molecule = String(Math.floor(drug / 26) % 1000).padStart(3, '0');
  const form = FORM[drug % FORM.length]!;
  // The spec's first digit is the key's 12th character: 260,000 drugs before two keys repeat.
  const spec = `${Math.floor(drug / 26000) % 10}${random.int(0, 9)}${random.int(0, 9)}`;
  const maker = String(random.int(100, 999)) + String(variant).padStart(6, '0');
  return `X${atc}${salt}${molecule}${form}${spec}${maker}`;
}

function drugName(drug: number): string {
  return `${STEMS[drug % STEMS.length]}${Math.floor(drug / STEMS.length)}${SUFFIXES[drug % SUFFIXES.length]}`;
}

function weighted<T extends { weight: number }>(random: Random, items: readonly T[]): T {
  const total = items.reduce((n, i) => n + i.weight, 0);
  let r = random.next() * total;
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item;
  }
  return items[items.length - 1]!;
}

/**
 * One row per knowledge point; a drug appears in a few rows (several classes, like a real batch
 * naming a drug twice). Rows are lean — one or two codes, no detect_logic or attachment name,
 * which the importer does not need — so 100,000 of them fit the 16 MB file limit.
 */
export function batchCsv(rows: number, seed: number): string {
  const random = seededRandom(seed);
  const lines = [BATCH_HEADER];
  const drugs = Math.ceil(rows / 2);
  for (let i = 0; i < rows; i++) {
    const drug = random.int(0, drugs - 1);
    const cls = weighted(random, BATCH_CLASSES);
    const codes = Array.from({ length: random.int(1, 2) }, (_, v) => drugCode(random, drug, v));
    lines.push([16, '2026-09-01', cls.ruleClass, cls.gzCode, drugName(drug), cls.text(random), '', codes.join(';'), '', i + 1].join(','));
  }
  return `${lines.join('\n')}\n`;
}

const DISEASES = ['(脑卒中|脑梗死)', '(心肌梗死|脑梗死)', '(营养不良|低蛋白血症)', '(精神分裂症)', '(慢性乙型肝炎)', '(肺癌|乳腺癌)'];

/**
 * One row per drug, keyed by a 12-character code prefix; each row fills one to three limit
 * columns with the values the real file uses, in about its proportions (性别, 儿童 and 疾病 most).
 */
export function catalogueCsv(rows: number, seed: number): string {
  const random = seededRandom(seed);
  const lines = [CATALOGUE_HEADER];
  for (let i = 0; i < rows; i++) {
    const key = drugCode(random, i, 0).slice(0, 12);
    const cells: Record<string, string> = {};
    const limits = random.int(1, 3);
    for (let l = 0; l < limits; l++) {
      const r = random.next();
      if (r < 0.3) cells['性别限制'] = random.chance(0.9) ? '女' : '男';
      else if (r < 0.5) cells['年龄限制'] = '儿童';
      else if (r < 0.75) cells['疾病限制'] = random.pick(DISEASES);
      else if (r < 0.8) cells['机构限制'] = random.pick(['二级', '三级']);
      else if (r < 0.85) cells['就医限制'] = '住院';
      else if (r < 0.88) cells['专科限制'] = random.pick(['(精神|心理)', '(急诊)']);
      else if (r < 0.93) cells['阶梯限制'] = '二线';
      else if (r < 0.97) cells['疗程限制'] = random.pick(['14天', '20天', '10天']);
      else cells['险种限制'] = random.pick(['工伤', '生育']);
    }
    lines.push(
      [key, drugName(i), cells['险种限制'], cells['机构限制'], cells['就医限制'], cells['专科限制'], cells['性别限制'], cells['年龄限制'], cells['疾病限制'], cells['阶梯限制'], '', cells['疗程限制'], '', '']
        .map((c) => c ?? '')
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
