/**
 * Vehicle identification numbers (ISO 3779, with the North-American check digit in position 9,
 * which most manufacturers use worldwide). I, O and Q never appear: they read like 1 and 0.
 */

/** The characters a VIN may contain. */
export const VIN_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

// prettier-ignore
const TRANSLITERATION: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};

const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;

function characterValue(character: string): number {
  if (character >= '0' && character <= '9') return Number(character);
  const value = TRANSLITERATION[character];
  if (value === undefined) throw new Error(`"${character}" cannot appear in a VIN`);
  return value;
}

/** The check digit ('0'–'9' or 'X') for a 17-character VIN; position 9 itself is ignored. */
export function vinCheckDigit(vin: string): string {
  if (vin.length !== 17) throw new Error(`a VIN has 17 characters, not ${vin.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += characterValue(vin.charAt(i)) * (WEIGHTS[i] ?? 0);
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

export function isValidVin(vin: string): boolean {
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) return false;
  return vin.charAt(8) === vinCheckDigit(vin);
}

/** Model-year codes repeat every 30 years; this table covers 2010–2039. */
const MODEL_YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';

export function modelYearCode(year: number): string {
  const code = MODEL_YEAR_CODES.charAt((((year - 2010) % 30) + 30) % 30);
  if (!Number.isInteger(year) || code === '') throw new Error(`no model-year code for ${year}`);
  return code;
}

export interface VinParts {
  /** World manufacturer identifier, 3 characters. */
  readonly wmi: string;
  /** Vehicle descriptor section (model, body, engine), 5 characters. */
  readonly descriptor: string;
  readonly year: number;
  /** Assembly plant, 1 character. */
  readonly plant: string;
  /** Production sequence, 0–999999. */
  readonly serial: number;
}

/** Assembles a VIN and fills in its check digit. */
export function buildVin(parts: VinParts): string {
  const serial = String(parts.serial).padStart(6, '0');
  const draft = `${parts.wmi}${parts.descriptor}0${modelYearCode(parts.year)}${parts.plant}${serial}`;
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(draft)) throw new Error(`"${draft}" is not a well-formed VIN`);
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}
