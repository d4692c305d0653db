import { GeoColumn } from './src/index/columns';
const n = 100_000;
const col = new GeoColumn();
for (let i = 0; i < n; i++) col.add(i, [{ lat: Math.random() * 170 - 85, lon: Math.random() * 360 - 180 }]);
const ords = Int32Array.from({ length: n }, (_, i) => i);
const LAT_DECODE = 1 / (2 ** 32 / 180);
const LON_DECODE = 1 / (2 ** 32 / 360);
const MAX_INT = 2147483647;
function t(name: string, fn: () => number) { const ts: number[] = []; for (let r = 0; r < 30; r++) { const a = performance.now(); fn(); ts.push(performance.now() - a); } ts.sort((a, b) => a - b); console.log(name, ts[15]!.toFixed(2)); }
function v1(latData: Float64Array, lonData: Float64Array) {
  const lat = new Float64Array(n), lon = new Float64Array(n), o = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const ord = ords[i]!;
    let la = ord < latData.length ? latData[ord]! : NaN;
    let lo = ord < lonData.length ? lonData[ord]! : NaN;
    if (la !== la) continue;
    let a = Math.floor(la / LAT_DECODE); if (a > MAX_INT) a = MAX_INT;
    let b = Math.floor(lo / LON_DECODE); if (b > MAX_INT) b = MAX_INT;
    o[m] = ord; lat[m] = a * LAT_DECODE; lon[m] = b * LON_DECODE; m++;
  }
  return m;
}
t('v1', () => v1(col.lat.data, col.lon.data));
function v2(latData: Float64Array, lonData: Float64Array) {
  const lat = new Float64Array(n), lon = new Float64Array(n), o = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const ord = ords[i]!;
    const la = latData[ord]!; const lo = lonData[ord]!;
    o[m] = ord; lat[m] = la; lon[m] = lo; m++;
  }
  return m;
}
t('v2 copy only', () => v2(col.lat.data, col.lon.data));
function v3(latData: Float64Array) {
  let s = 0;
  for (let i = 0; i < n; i++) { s += Math.floor(latData[i]! / LAT_DECODE); }
  return s;
}
t('v3 floor div', () => v3(col.lat.data));
function v4(latData: Float64Array) {
  let s = 0;
  for (let i = 0; i < n; i++) { s += Math.floor(latData[i]! * 23860929.422222223); }
  return s;
}
t('v4 floor mul', () => v4(col.lat.data));
function v5(latData: Float64Array) {
  let s = 0;
  for (let i = 0; i < n; i++) { s += latData[i]! / LAT_DECODE; }
  return s;
}
t('v5 div only', () => v5(col.lat.data));
const PL = new Float64Array(n), PO = new Float64Array(n), PI = new Int32Array(n);
function v6(latData: Float64Array, lonData: Float64Array) {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const ord = ords[i]!;
    PI[m] = ord; PL[m] = latData[ord]!; PO[m] = lonData[ord]!; m++;
  }
  return m;
}
t('v6 copy prealloc', () => v6(col.lat.data, col.lon.data));
t('v2 copy only again', () => v2(col.lat.data, col.lon.data));
function v7() { const a = new Float64Array(n); a.fill(1); return a.length; }
t('alloc+fill 1', () => v7());
