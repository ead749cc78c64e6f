/**
 * How a 饮片 line's name compares with the names of the 配伍禁忌 families: the herb without the
 * way it was processed or cut. A HIS writes 制川乌, 川乌(制), 炙甘草, 蜜炙甘草, 姜半夏, 人参片 or
 * 甘草 10g; all of them are compared as 川乌, 甘草, 半夏, 人参. Both sides go through the same
 * function, so a family member that itself looks processed (白附片, 巴豆霜) still matches exactly.
 * Matching is exact after that, never by substring: 白附子, 水半夏 and 土贝母 are other herbs.
 */

/** Processing marks written before the herb, longest first so 麸炒 is not read as 麸 + 炒. */
const PREFIXES = ['麸炒', '土炒', '米炒', '蜜炙', '酒炙', '醋炙', '盐炙', '姜炙', '生', '制', '炙', '炒', '焦', '醋', '酒', '盐', '蜜', '姜', '法', '清', '煅', '炮', '净', '蒸', '烫', '煨', '熟'];

/** What the cut or the dispensing form adds after it. */
const SUFFIXES = ['配方颗粒', '颗粒', '饮片', '片', '粉', '丝', '段', '块'];

/** Brackets hold origins and processing: 川乌(制), 甘草（内蒙）, 黄芪【统】. */
const BRACKETED = /[（(［[【{｛][^）)］\]】}｝]*[）)］\]】}｝]/g;

/** Keys by name: a pharmacy has a few hundred 饮片 names, asked for on every keystroke. */
const keys = new Map<string, string>();
const KEYS_LIMIT = 4096;

export function herbKey(name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    if (keys.size >= KEYS_LIMIT) keys.clear();
    key = normalise(name);
    keys.set(name, key);
  }
  return key;
}

function normalise(name: string): string {
  let text = name.normalize('NFKC').replace(BRACKETED, '');
  // A dose or weight written into the name (甘草 10g, 甘草10克) and anything after it.
  text = text.replace(/[\s\d].*$/u, '');
  let stripped = true;
  while (stripped) {
    stripped = false;
    for (const prefix of PREFIXES) {
      // Never strip a name down to nothing or to one character: 生姜 stays 生姜.
      if (text.startsWith(prefix) && text.length - prefix.length >= 2) {
        text = text.slice(prefix.length);
        stripped = true;
        break;
      }
    }
  }
  for (const suffix of SUFFIXES) {
    if (text.endsWith(suffix) && text.length > suffix.length) {
      text = text.slice(0, -suffix.length);
      break;
    }
  }
  return text;
}
