/**
 * When the encounter's diagnoses say the patient is pregnant now, for 妊娠期及哺乳期用药安全
 * (2025 list no. 73) on a page that shows no 妊娠/哺乳 field.
 *
 * Not the whole of ICD-10 chapter XV: its codes cover pregnancy, childbirth *and the puerperium*
 * (O85–O92, a mother after delivery, perhaps lactating), pregnancies already ended (O00–O08
 * abortive outcomes, O80–O84 delivery) and late effects (O94–O97). Only the categories of a
 * pregnancy still going on count — Z33–Z35 (妊娠状态, 妊娠监督) and O20–O48 (disorders of
 * pregnancy, maternal care for the fetus and for possible delivery problems) — and not when the
 * same encounter also carries an ended pregnancy or the puerperium (a delivery admission lists
 * O42 胎膜早破 beside O80 and Z37). O10–O16 are left out: they read "in pregnancy, childbirth and
 * the puerperium" (O15.2 产褥期子痫). A pregnancy read so is a warning the doctor confirms, never
 * a refusal: the page did not say it.
 */

export interface IcdRangeTitled {
  readonly from: string;
  readonly to: string;
  readonly title: string;
}

export const PREGNANT_NOW: readonly IcdRangeTitled[] = [
  { from: 'Z33', to: 'Z35', title: '妊娠状态、妊娠监督' },
  { from: 'O20', to: 'O48', title: '妊娠期疾患、为胎儿或分娩问题的孕产妇医疗' },
];

export const PREGNANCY_ENDED: readonly IcdRangeTitled[] = [
  { from: 'O00', to: 'O08', title: '流产结局的妊娠' },
  { from: 'O60', to: 'O92', title: '分娩、分娩并发症和产褥期' },
  { from: 'Z37', to: 'Z37', title: '分娩结局' },
  { from: 'Z39', to: 'Z39', title: '产后医疗照顾和检查' },
];
