/**
 * A sum of amounts as the hub's SQL makes it: each double read as PostgreSQL reads a float8 into
 * numeric (15 significant digits), added exactly, the total rounded once to the nearest double.
 * Adding the doubles one by one drifts instead (4815.64 came out 4815.639999999999 over 52
 * findings), and the same records then showed other figures in the extension than on the hub.
 *
 * Whole fen — nearly every amount — add as integers; anything finer adds as a scaled BigInt.
 */

/** A non-negative decimal: `digits` × 10^-`scale`. */
interface Decimal {
  digits: bigint;
  scale: number;
}

const TEN = 10n;

/** The decimal PostgreSQL's float8 → numeric makes of `amount` (15 significant digits). */
function decimalOf(amount: number): Decimal {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(amount.toPrecision(15));
  if (!match) return { digits: 0n, scale: 0 };
  const fraction = match[2] ?? '';
  const shift = Number(match[3] ?? 0) - fraction.length;
  const digits = BigInt(match[1]! + fraction);
  return shift >= 0 ? { digits: digits * TEN ** BigInt(shift), scale: 0 } : { digits, scale: -shift };
}

function withScale(value: Decimal, scale: number): bigint {
  return value.digits * TEN ** BigInt(scale - value.scale);
}

export class DecimalSum {
  /** Amounts that are whole fen, in fen: exact as a double up to 2^53 fen. */
  private fen = 0;
  private finer: Decimal | undefined;

  add(amount: number): void {
    if (!(amount > 0) || !Number.isFinite(amount)) return;
    const fen = Math.round(amount * 100);
    if (fen / 100 === amount && Number.isSafeInteger(this.fen + fen)) {
      this.fen += fen;
      return;
    }
    const term = decimalOf(amount);
    const scale = Math.max(term.scale, this.finer?.scale ?? 0);
    this.finer = { digits: withScale(term, scale) + (this.finer ? withScale(this.finer, scale) : 0n), scale };
  }

  /** The exact total, rounded once to the nearest double. */
  value(): number {
    if (!this.finer) return this.fen / 100;
    const scale = Math.max(2, this.finer.scale);
    const total = withScale({ digits: BigInt(this.fen), scale: 2 }, scale) + withScale(this.finer, scale);
    const text = total.toString().padStart(scale + 1, '0');
    return Number(`${text.slice(0, -scale)}.${text.slice(-scale)}`);
  }
}
