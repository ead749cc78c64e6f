import { locate, readLocated } from '../../adapters/locate';
import type { PageField, SiteProfile } from '../../adapters/profile-schema';
import { cleanText } from '../../adapters/transforms';
import { lineAmount, sheetTotal, type ConsentSheet } from '../../components/consent/sheet';
import type { Order } from '../../contract/order';

/**
 * Builds the 自费知情同意书 from the page: the lines marked 自费, why each is not paid (the finding
 * the doctor answered with 转自费, else the patient's choice), and the patient as the page shows
 * them. The name is read for the printout only: it goes to the sheet page and nowhere else.
 */

const NAME_LABELS = ['姓名', '患者姓名', '病人姓名', '患者', 'Name', 'Patient'];
const PATIENT_CHOICE = '患者要求自费使用';

/** The patient banner the profile reads sex and age from, to look for the name beside them. */
function bannerOf(profile: SiteProfile): string | undefined {
  for (const field of [profile.patient.sex, profile.patient.age, profile.patient.key]) {
    if (field && 'label' in field && field.within) return field.within;
  }
  return undefined;
}

function readText(document: Document, field: PageField | undefined): string | undefined {
  if (!field) return undefined;
  try {
    const found = locate(field, { scope: document });
    if (!found.ok || !found.value) return undefined;
    const value = readLocated(found.value, field);
    const text = typeof value === 'string' ? cleanText(value).trim() : undefined;
    return text ? text.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

function sexText(sex: Order['patient']['sex']): string | undefined {
  return sex === 'M' ? '男' : sex === 'F' ? '女' : undefined;
}

function ageText(order: Order): string | undefined {
  const years = order.patient.ageYears;
  return typeof years === 'number' ? `${Math.floor(years)}岁` : undefined;
}

export interface ConsentInput {
  document: Document;
  profile: SiteProfile;
  order: Order;
  /** Line id → why it went 自费 (the finding's message). */
  reasons: ReadonlyMap<string, string>;
  hospitalName?: string;
  today: Date;
}

export function selfPayLines(order: Order | null | undefined): Order['lines'] {
  return order?.lines.filter((line) => line.selfPay === true) ?? [];
}

export function buildConsentSheet(input: ConsentInput): ConsentSheet | undefined {
  const { document, profile, order } = input;
  const lines = selfPayLines(order);
  if (lines.length === 0) return undefined;
  const within = bannerOf(profile);
  const items = lines.map((line) => ({
    name: (line.name || line.code).slice(0, 200),
    ...(line.spec ? { spec: line.spec.slice(0, 200) } : {}),
    ...(line.quantity !== undefined ? { quantity: line.quantity } : {}),
    ...(line.unit ? { unit: line.unit.slice(0, 20) } : {}),
    ...(line.price !== undefined ? { price: line.price } : {}),
    ...(lineAmount(line.price, line.quantity) !== undefined ? { amount: lineAmount(line.price, line.quantity) } : {}),
    reason: (input.reasons.get(line.id) ?? PATIENT_CHOICE).slice(0, 200),
  }));
  const date = input.today;
  const pad = (n: number) => String(n).padStart(2, '0');
  const total = sheetTotal(items);
  return {
    ...(input.hospitalName ? { hospital: input.hospitalName } : {}),
    patient: {
      name: readText(document, { label: NAME_LABELS, ...(within ? { within } : {}) }),
      id: readText(document, profile.patient.key),
      sex: sexText(order.patient.sex),
      age: ageText(order),
    },
    ...(order.encounter.department ? { department: order.encounter.department.slice(0, 200) } : {}),
    date: `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`,
    items,
    ...(total !== undefined ? { total } : {}),
  };
}
