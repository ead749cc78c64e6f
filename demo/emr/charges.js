/*
 * 诊疗项目 and 医用耗材 the demo HIS charges besides drugs (the inpatient order screen shows them
 * as 诊疗 / 耗材 rows). Item codes are national 15-digit 医疗服务项目 codes (静脉输液 120400006 as
 * 001204000060000; 糖化血红蛋白测定 and 血液透析 as the 两库 batches code them). Consumable codes and names are the example 医用耗材 lists'
 * (rules/import/templates/consumable-*-example.csv), constructed in the national 27-character
 * format; prices are illustrative. Plain JSON in the array, so tests can read it.
 */
window.DEMO_CHARGES = [
  {"code": "001204000060000", "name": "静脉输液", "kind": "item", "kindLabel": "诊疗", "spec": "", "unit": "次", "price": 8.0},
  {"code": "001204000070000", "name": "小儿头皮静脉输液", "kind": "item", "kindLabel": "诊疗", "spec": "", "unit": "次", "price": 10.0},
  {"code": "002503020030000", "name": "糖化血红蛋白测定", "kind": "item", "kindLabel": "诊疗", "spec": "", "unit": "次", "price": 60.0},
  {"code": "003110000060000", "name": "血液透析", "kind": "item", "kindLabel": "诊疗", "spec": "", "unit": "次", "price": 420.0},
  {"code": "C14010100101010000001000123", "name": "一次性使用输液器（带针）", "kind": "material", "kindLabel": "耗材", "spec": "0.7mm", "unit": "套", "price": 4.5},
  {"code": "C14010300201010000001000456", "name": "一次性使用静脉留置针", "kind": "material", "kindLabel": "耗材", "spec": "22G", "unit": "支", "price": 18.0},
  {"code": "C14010500401010000001000321", "name": "一次性使用无菌胰岛素笔用针头", "kind": "material", "kindLabel": "耗材", "spec": "0.25mm×5mm", "unit": "支", "price": 1.5}
];
