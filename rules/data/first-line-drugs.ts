/**
 * First-line drugs and classes that 限二线 texts name ("限二甲双胍等口服降糖药…控制效果不佳",
 * "限华法林治疗控制不良…"), as national-code prefixes. A 西药 code is X + the ATC class
 * (XA10BA = A10BA 双胍类), so a class prefix finds every drug of it in the patient's history.
 * Only words whose class is unambiguous are listed; texts naming other therapies (含铂化疗,
 * 内分泌治疗 …) leave the check to the doctor's confirmation.
 */
export interface FirstLineEntry {
  /** The word as 限定支付范围 texts write it. */
  word: RegExp;
  label: string;
  prefixes: readonly string[];
}

export const FIRST_LINE_DRUGS: readonly FirstLineEntry[] = [
  { word: /二甲双胍/, label: '二甲双胍', prefixes: ['XA10BA'] },
  { word: /口服降糖药/, label: '口服降糖药', prefixes: ['XA10BA', 'XA10BB', 'XA10BD', 'XA10BF', 'XA10BG', 'XA10BH', 'XA10BK', 'XA10BX'] },
  { word: /胰岛素(?!抵抗)/, label: '胰岛素', prefixes: ['XA10A'] },
  { word: /华法林/, label: '华法林', prefixes: ['XB01AA'] },
  { word: /吸入型糖皮质激素/, label: '吸入型糖皮质激素', prefixes: ['XR03BA', 'XR03AK'] },
  { word: /(?<!吸入型)糖皮质激素/, label: '糖皮质激素', prefixes: ['XH02AB'] },
  { word: /H1抗组胺药|抗组胺药/, label: '抗组胺药', prefixes: ['XR06A'] },
  { word: /鼻用抗组胺药/, label: '鼻用抗组胺药', prefixes: ['XR01AC'] },
  { word: /甲氨蝶呤|传统DMARDs|传统合成.*DMARDs/, label: '传统改善病情抗风湿药', prefixes: ['XL04AX', 'XL01BA', 'XP01BA', 'XA07EC'] },
  { word: /TNF抑制剂/, label: 'TNF抑制剂', prefixes: ['XL04AB'] },
  { word: /质子泵抑制剂/, label: '质子泵抑制剂', prefixes: ['XA02BC'] },
  { word: /NSAIDs|非甾体抗炎药/, label: '非甾体抗炎药', prefixes: ['XM01A'] },
  { word: /更昔洛韦|缬更昔洛韦|膦甲酸钠|西多福韦/, label: '更昔洛韦等抗巨细胞病毒药', prefixes: ['XJ05AB', 'XJ05AD'] },
  { word: /红细胞生成刺激剂/, label: '红细胞生成刺激剂', prefixes: ['XB03XA'] },
  { word: /醋酸阿比特龙|阿比特龙/, label: '阿比特龙', prefixes: ['XL02BX'] },
  { word: /对乙酰氨基酚/, label: '对乙酰氨基酚', prefixes: ['XN02BE'] },
];

/** First-line entries a text names; a more specific word (吸入型糖皮质激素) hides the general one. */
export function firstLineIn(text: string): FirstLineEntry[] {
  const t = text.normalize('NFKC');
  return FIRST_LINE_DRUGS.filter((e) => e.word.test(t));
}
