import type { ConsentSheet } from './sheet';

/**
 * The sheet as printed: hospital, patient as the page showed them, the self-paid items with
 * amounts and why 医保 does not pay, and signature lines for patient and doctor. In Chinese only:
 * it is a document the patient signs. Every text is rendered as text.
 */

const money = (n: number | undefined) => (n === undefined ? '' : n.toFixed(2));

function Field({ label, value, wide }: { label: string; value?: string; wide?: boolean }) {
  return (
    <span class={`cs-field${wide ? ' cs-wide' : ''}`}>
      <span class="cs-label">{label}：</span>
      <span class="cs-value">{value ?? ''}</span>
    </span>
  );
}

export function ConsentSheetView({ sheet, onPrint }: { sheet: ConsentSheet; onPrint?: () => void }) {
  return (
    <article class="cs-sheet" data-role="consent-sheet">
      <div class="cs-tools">
        <button type="button" data-role="print" onClick={onPrint}>
          打印
        </button>
        <span>打印后请患者（或家属）与医生分别签字，随病历留存。本页关闭后内容即清除。</span>
      </div>
      <header>
        {sheet.hospital && <div class="cs-hospital">{sheet.hospital}</div>}
        <h1>医保不予支付项目 自费知情同意书</h1>
      </header>
      <section class="cs-patient">
        <Field label="患者姓名" value={sheet.patient.name} />
        <Field label="性别" value={sheet.patient.sex} />
        <Field label="年龄" value={sheet.patient.age} />
        <Field label="门诊/住院号" value={sheet.patient.id} />
        <Field label="科室" value={sheet.department} />
        <Field label="日期" value={sheet.date} />
      </section>
      <p class="cs-text">
        根据医疗保障有关规定，下列药品或诊疗项目不在医保支付范围内，或本次使用不符合医保支付条件，费用需由患者个人全额自付。
        医生已向患者（或其家属、监护人）说明不予支付的原因、费用，以及可供选择的医保支付方案。
      </p>
      <table class="cs-items">
        <thead>
          <tr>
            <th>序号</th>
            <th>药品/项目名称</th>
            <th>规格</th>
            <th>数量</th>
            <th>单价（元）</th>
            <th>金额（元）</th>
            <th>医保不予支付原因</th>
          </tr>
        </thead>
        <tbody>
          {sheet.items.map((item, i) => (
            <tr key={i}>
              <td class="cs-num">{i + 1}</td>
              <td>{item.name}</td>
              <td>{item.spec ?? ''}</td>
              <td class="cs-num">{item.quantity === undefined ? '' : `${item.quantity}${item.unit ?? ''}`}</td>
              <td class="cs-num">{money(item.price)}</td>
              <td class="cs-num">{money(item.amount)}</td>
              <td>{item.reason}</td>
            </tr>
          ))}
        </tbody>
        {sheet.total !== undefined && (
          <tfoot>
            <tr>
              <td colSpan={5} class="cs-num">
                自费合计
              </td>
              <td class="cs-num" data-role="total">
                {money(sheet.total)}
              </td>
              <td />
            </tr>
          </tfoot>
        )}
      </table>
      <p class="cs-text">
        本人已知晓上述项目医保不予支付及其原因，经慎重考虑，同意自费使用，并承担相应费用。
      </p>
      <section class="cs-signatures">
        <div>
          <Field label="患者（或监护人/委托人）签名" wide />
          <Field label="与患者关系" />
          <Field label="签字日期" />
        </div>
        <div>
          <Field label="医生签名" wide />
          <Field label="签字日期" />
        </div>
      </section>
    </article>
  );
}

export function ConsentUnavailable() {
  return (
    <article class="cs-sheet" data-role="consent-gone">
      <h1>自费知情同意书</h1>
      <p class="cs-text">同意书内容只在打开时保留，现已清除。请回到处方页面，从提交前审核对话框重新打开。</p>
    </article>
  );
}
