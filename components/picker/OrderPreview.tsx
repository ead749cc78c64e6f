import { ENUM_OPTIONS } from '../../adapters/authoring/fields';
import type { Order } from '../../contract/order';
import type { PickerModel } from './picker-model';

/** The canonical order the draft reads from the page now, and what the adapter complains about. */

const SEX: Readonly<Record<string, string>> = { M: '男', F: '女', U: '未知' };

const MATERNITY: Readonly<Record<string, string>> = { pregnant: '妊娠期', lactating: '哺乳期', none: '非妊娠哺乳期' };

const enumLabel = (kind: keyof typeof ENUM_OPTIONS, value: string): string => ENUM_OPTIONS[kind].find((o) => o.value === value)?.label ?? value;

function patientLine(order: Order): string[] {
  const { patient, encounter } = order;
  const parts: string[] = [];
  if (patient.sex) parts.push(`性别 ${SEX[patient.sex] ?? patient.sex}`);
  if (patient.ageYears !== undefined) parts.push(`${patient.ageYears} 岁`);
  else if (patient.ageDays !== undefined) parts.push(`${patient.ageDays} 天`);
  if (patient.birthDate) parts.push(`生于 ${patient.birthDate}`);
  if (patient.maternity) parts.push(MATERNITY[patient.maternity] ?? patient.maternity);
  if (encounter.insuranceType) parts.push(enumLabel('insuranceType', encounter.insuranceType));
  if (encounter.visitType) parts.push(enumLabel('visitType', encounter.visitType));
  if (encounter.department) parts.push(encounter.department);
  parts.push(`日期 ${encounter.date}`);
  return parts;
}

export function OrderPreview({ model }: { model: PickerModel }) {
  const { order, problems, issues, rowCount } = model.preview;
  return (
    <div class="pk-section pk-preview" data-role="preview">
      <h3>实时预览（按此配置读取的医嘱）</h3>
      {order ? (
        <>
          <p class="pk-kv" data-role="patient">
            {patientLine(order).map((p) => (
              <span key={p}>{p}</span>
            ))}
          </p>
          <p class="pk-kv" data-role="diagnoses">
            诊断：
            {order.encounter.diagnoses.length === 0
              ? <span class="pk-muted">无</span>
              : order.encounter.diagnoses.map((d) => (
                  <span key={d.code}>
                    {d.code} {d.name ?? ''}
                    {d.primary ? '（主）' : ''}
                  </span>
                ))}
          </p>
          {order.encounter.operations !== undefined ? (
            <p class="pk-kv" data-role="operations">
              手术操作：
              {order.encounter.operations.length === 0
                ? <span class="pk-muted">无</span>
                : order.encounter.operations.map((o, i) => (
                    <span key={`${o.code}-${i}`}>
                      {o.code} {o.name ?? ''}
                      {o.date ? ` ${o.date}` : ''}
                    </span>
                  ))}
            </p>
          ) : null}
          <table class="pk-lines" data-role="lines">
            <thead>
              <tr>
                <th>编码</th>
                <th>名称</th>
                <th>规格</th>
                <th>剂量</th>
                <th>用法</th>
                <th>频次</th>
                <th>天数</th>
                <th>总量</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((l) => (
                <tr key={l.id} data-line-id={l.id}>
                  <td title={l.code}>{l.code}</td>
                  <td title={l.name}>{l.name}</td>
                  <td>{l.spec ?? ''}</td>
                  <td>{l.dose !== undefined ? `${l.dose}${l.doseUnit ?? ''}` : ''}</td>
                  <td>{l.route ?? ''}</td>
                  <td>{l.frequency ?? ''}</td>
                  <td>{l.days ?? ''}</td>
                  <td>{l.quantity !== undefined ? `${l.quantity}${l.unit ?? ''}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {order.lines.length === 0 ? <p class="pk-muted">表格中 {rowCount} 行，没有读到带编码的医嘱</p> : null}
        </>
      ) : issues.length > 0 ? (
        <p class="pk-muted">指定医嘱表格和药品编码后显示整张医嘱。</p>
      ) : (
        <p class="pk-muted">按此配置无法读出可审核的医嘱，见下方问题。</p>
      )}
      {problems.length > 0 ? (
        <ul class="pk-problems" data-role="problems">
          {problems.slice(0, 12).map((p, i) => (
            <li key={i} class={`pk-${p.severity}`}>
              {p.severity === 'error' ? '页面适配失效：' : ''}
              {p.message}
            </li>
          ))}
          {problems.length > 12 ? <li class="pk-muted">另有 {problems.length - 12} 条</li> : null}
        </ul>
      ) : order ? (
        <p class="pk-saved" data-role="no-problems">未发现适配问题</p>
      ) : null}
    </div>
  );
}
