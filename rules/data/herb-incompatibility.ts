/**
 * 中药饮片配伍禁忌: 十八反 and 十九畏, the pairs of herbs not to be prescribed together (national
 * rule 中药饮片配伍禁忌, 2025 list no. 75).
 *
 * Sources (public classical knowledge):
 * - 十八反: 张从正《儒门事亲》十八反歌 — “本草明言十八反，半蒌贝蔹及攻乌，藻戟遂芫俱战草，诸参辛芍叛藜芦”;
 * - 十九畏: 刘纯《医经小学》十九畏歌 — 硫黄畏朴硝、水银畏砒霜、狼毒畏密陀僧、巴豆畏牵牛、丁香畏郁金、
 *   川乌草乌畏犀角、牙硝畏三棱、官桂畏赤石脂、人参畏五灵脂;
 * - which herbs a name of the verses stands for today follows the 【注意】 entries of
 *   《中华人民共和国药典》一部 (“不宜与……同用”): 乌头 = 川乌、草乌 and 附子; 瓜蒌 with 瓜蒌皮、瓜蒌子 and
 *   天花粉; 贝母 = 川贝母、浙贝母、平贝母、伊贝母、湖北贝母; 大戟 = 京大戟、红大戟; 诸参 = 人参 (红参)、
 *   西洋参、党参、南沙参、北沙参、丹参、玄参、苦参; 芍药 = 白芍、赤芍; 朴硝/牙硝 = 芒硝、玄明粉.
 *
 * Each family lists the names a 饮片 is sold and prescribed under (processed forms, grades and
 * common synonyms). Herbs whose name only looks alike are deliberately absent: 白附子 (禹白附, not
 * 附子), 水半夏 (another plant), 土贝母 (not a 贝母), 半夏曲 (a fermented product the 药典 does not
 * name), 太子参 (no 药典 caution), 桂枝 (not 肉桂). Names are compared after the same
 * normalisation (rules/kinds/herb-names.ts strips processing prefixes such as 制、炙、姜、法、清 and
 * the 片/粉/饮片 suffix), so 制川乌, 炙甘草 and 人参片 need not be listed.
 */

export const HERB_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  乌头: ['川乌', '川乌头', '草乌', '草乌头', '乌头', '附子', '黑顺片', '白附片', '淡附片', '炮附片', '熟附片', '黄附片', '附片', '盐附子'],
  半夏: ['半夏', '竹沥半夏'],
  瓜蒌: ['瓜蒌', '全瓜蒌', '瓜蒌皮', '瓜蒌子', '瓜蒌仁', '栝楼', '栝楼子', '栝楼皮', '天花粉'],
  贝母: ['川贝母', '川贝', '松贝', '青贝', '炉贝', '浙贝母', '浙贝', '大贝', '象贝', '象贝母', '平贝母', '平贝', '伊贝母', '伊贝', '湖北贝母', '贝母'],
  白蔹: ['白蔹'],
  白及: ['白及', '白芨'],
  甘草: ['甘草', '甘草梢', '粉甘草'],
  海藻: ['海藻'],
  大戟: ['京大戟', '红大戟', '大戟'],
  甘遂: ['甘遂'],
  芫花: ['芫花'],
  藜芦: ['藜芦'],
  人参: ['人参', '红参', '生晒参', '白参', '白糖参', '野山参', '移山参', '林下山参', '园参', '朝鲜红参', '高丽参', '高丽红参', '参须', '红参须'],
  西洋参: ['西洋参', '花旗参'],
  党参: ['党参', '潞党参', '纹党参'],
  沙参: ['南沙参', '北沙参', '沙参'],
  丹参: ['丹参'],
  玄参: ['玄参', '元参'],
  苦参: ['苦参'],
  细辛: ['细辛', '北细辛', '辽细辛', '华细辛'],
  芍药: ['白芍', '赤芍', '白芍药', '赤芍药', '芍药'],
  硫黄: ['硫黄', '硫磺'],
  芒硝: ['朴硝', '皮硝', '芒硝', '牙硝', '马牙硝', '玄明粉', '元明粉'],
  水银: ['水银'],
  砒霜: ['砒霜', '砒石', '信石'],
  狼毒: ['狼毒'],
  密陀僧: ['密陀僧'],
  巴豆: ['巴豆', '巴豆霜'],
  牵牛子: ['牵牛子', '黑丑', '白丑', '二丑', '黑白丑'],
  丁香: ['丁香', '公丁香', '母丁香'],
  郁金: ['郁金', '广郁金', '川郁金', '温郁金'],
  川乌草乌: ['川乌', '川乌头', '草乌', '草乌头'],
  犀角: ['犀角'],
  三棱: ['三棱'],
  肉桂: ['肉桂', '官桂', '企边桂'],
  赤石脂: ['赤石脂'],
  五灵脂: ['五灵脂'],
};

export interface HerbPair {
  readonly a: string;
  readonly b: string;
  /** The line of the verse the pair comes from. */
  readonly verse: string;
}

/** 十八反: 乌头 against 半夏、瓜蒌、贝母、白蔹、白及; 甘草 against 海藻、大戟、甘遂、芫花; 藜芦 against 诸参、细辛、芍药. */
export const EIGHTEEN_INCOMPATIBLE: readonly HerbPair[] = [
  ...['半夏', '瓜蒌', '贝母', '白蔹', '白及'].map((b) => ({ a: '乌头', b, verse: '半蒌贝蔹及攻乌' })),
  ...['海藻', '大戟', '甘遂', '芫花'].map((b) => ({ a: '甘草', b, verse: '藻戟遂芫俱战草' })),
  ...['人参', '西洋参', '党参', '沙参', '丹参', '玄参', '苦参', '细辛', '芍药'].map((b) => ({ a: '藜芦', b, verse: '诸参辛芍叛藜芦' })),
];

/** 十九畏. */
export const NINETEEN_ANTAGONISTIC: readonly HerbPair[] = [
  { a: '硫黄', b: '芒硝', verse: '硫黄原是火中精，朴硝一见便相争' },
  { a: '水银', b: '砒霜', verse: '水银莫与砒霜见' },
  { a: '狼毒', b: '密陀僧', verse: '狼毒最怕密陀僧' },
  { a: '巴豆', b: '牵牛子', verse: '巴豆性烈最为上，偏与牵牛不顺情' },
  { a: '丁香', b: '郁金', verse: '丁香莫与郁金见' },
  { a: '川乌草乌', b: '犀角', verse: '川乌草乌不顺犀' },
  { a: '芒硝', b: '三棱', verse: '牙硝难合京三棱' },
  { a: '肉桂', b: '赤石脂', verse: '官桂善能调冷气，若逢石脂便相欺' },
  { a: '人参', b: '五灵脂', verse: '人参最怕五灵脂' },
];
