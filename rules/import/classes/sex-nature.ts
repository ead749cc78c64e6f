/**
 * The sex an item is for, read from what it is for: the organ, condition or life stage its name
 * or description names (前列腺, 睾丸 … / 子宫, 月经, 妊娠 …). Used only for points of a
 * 区分性别使用 class whose layout carries no 限定对象 column: the class says the item is
 * sex-restricted; this says which sex. Checked against every row of the 第一批 workbooks, which
 * do state the sex (tests/unit/import/sex-nature.test.ts).
 */

const MALE = /前列腺|睾丸|阴茎|阴囊|精子|精液|精索|输精管|射精|附睾|男性|男子|男科|阳痿|勃起|早泄|遗精|龟头|包皮|雄激素缺乏|少精|弱精/;
const FEMALE =
  /子宫|卵巢|阴道|宫颈|宫腔|宫内|月经|痛经|闭经|经期|经血|经行|带下|白带|妇女|女性|妇科|妇产|产后|产褥|产妇|妊娠|孕|乳汁|催乳|下乳|胎|分娩|宫缩|引产|流产|早产|绝经|外阴|输卵管|盆腔|崩漏|调经|乳癖|乳腺|乳房|不孕|排卵|阴痒|暖宫|宫寒|坤|雌激素|黄体|更年期/;

/** Phrases that name one sex with a word the other sex's list holds (男子更年期 is not 更年期 of women). */
const MASKS: readonly RegExp[] = [/男子更年期|男性更年期/g, /女性化乳房|男性乳房/g, /促黄体生成素|黄体生成素释放激素/g];

export type SexReading = { sex: 'M' | 'F'; from: 'name' | 'text' } | { sex: undefined; reason: string };

/** In a name, 男 / 女 alone say it (女珍颗粒); 女贞(子) is a herb, not a sex. */
const NAME_MALE = /男/;
const NAME_FEMALE = /女(?!贞)/;

function sexOf(text: string, isName = false): 'M' | 'F' | 'both' | undefined {
  const male = MALE.test(text) || /男子更年期|男性更年期|男性乳房|女性化乳房/.test(text) || (isName && NAME_MALE.test(text));
  let rest = text;
  for (const mask of MASKS) rest = rest.replace(mask, '');
  const female = FEMALE.test(rest) || (isName && NAME_FEMALE.test(rest));
  if (male && female) return 'both';
  return male ? 'M' : female ? 'F' : undefined;
}

/** The name decides when it names one sex; the description only when the name is silent. */
export function sexFromNature(name: string, text: string): SexReading {
  const byName = sexOf(name.normalize('NFKC'), true);
  if (byName === 'M' || byName === 'F') return { sex: byName, from: 'name' };
  const byText = sexOf(text.normalize('NFKC'));
  if (byText === 'M' || byText === 'F') return { sex: byText, from: 'text' };
  return {
    sex: undefined,
    reason: byText === 'both' || byName === 'both' ? '名称和说明同时提到男性和女性的器官或情形，无法确定限定性别' : '没有限定性别列，名称和说明也未指明男性或女性',
  };
}
