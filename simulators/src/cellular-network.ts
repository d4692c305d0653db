import type { CardataPayload } from '@fleet/device-contract';
import { distanceMetres, type LatLng } from './geo';
import type { Random } from './random';

type Gsm = NonNullable<NonNullable<CardataPayload['Communications']>['GSM']>;

/** Mobile country codes of the countries most simulated vehicles live in. */
// prettier-ignore
const MOBILE_COUNTRY_CODES: Readonly<Record<string, string>> = {
  AR: '722', AU: '505', BD: '470', BR: '724', CA: '302', CD: '630', CL: '730', CN: '460',
  CO: '732', DE: '262', EG: '602', ES: '214', ET: '636', FR: '208', GB: '234', ID: '510',
  IN: '404', IR: '432', IT: '222', JP: '440', KE: '639', KR: '450', MX: '334', NG: '621',
  PE: '716', PH: '515', PK: '410', PL: '260', RU: '250', SA: '420', TH: '520', TR: '286',
  TZ: '640', UA: '255', US: '310', VN: '452', ZA: '655',
};

/** How far a vehicle goes before its modem hands over to another cell, metres. */
const CELL_RADIUS_M = 1_500;

/** The modem's view of the mobile network: the serving cell changes as the vehicle moves. */
export class CellularModem {
  private readonly mcc: string | undefined;
  private readonly mnc: string;
  private readonly networkType: string;
  private cellAnchor: LatLng | undefined;
  private lac = '';
  private cid = '';

  constructor(
    countryCode: string,
    private readonly random: Random,
  ) {
    this.mcc = MOBILE_COUNTRY_CODES[countryCode];
    this.mnc = String(random.int(1, 20)).padStart(2, '0');
    this.networkType = random.weighted(['LTE', '5G', '3G'] as const, (type) =>
      type === 'LTE' ? 7 : type === '5G' ? 2 : 1,
    );
  }

  status(position: LatLng): Gsm {
    if (!this.cellAnchor || distanceMetres(this.cellAnchor, position) > CELL_RADIUS_M) {
      this.cellAnchor = position;
      this.lac = String(this.random.int(1_000, 65_000));
      this.cid = String(this.random.int(10_000, 268_000_000));
    }
    return {
      Satelites: String(this.random.int(6, 12)),
      Fix: '3d',
      NetworkType: this.networkType,
      ...(this.mcc === undefined ? {} : { MCC: this.mcc }),
      MNC: this.mnc,
      LAC: this.lac,
      CID: this.cid,
    };
  }
}
