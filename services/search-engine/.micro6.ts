import { geotileEncoder } from './src/aggs/geotile-grid';
const n = 100_000;
const lat = new Float64Array(n), lon = new Float64Array(n);
let s = 1; const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
for (let i = 0; i < n; i++) { lat[i] = rnd() * 170 - 85; lon[i] = rnd() * 360 - 180; }
function t(name: string, fn: () => number) { const ts: number[] = []; for (let r = 0; r < 40; r++) { const a = performance.now(); fn(); ts.push(performance.now() - a); } ts.sort((a, b) => a - b); console.log(name.padEnd(12), 'min', ts[0]!.toFixed(2), 'p50', ts[20]!.toFixed(2)); }
const enc = geotileEncoder(3);
t('cell', () => { let x = 0; for (let i = 0; i < n; i++) x += enc.cell(lat[i]!, lon[i]!); return x; });
t('sin', () => { let x = 0; for (let i = 0; i < n; i++) x += Math.sin(lat[i]! * 0.017453292519943295); return x; });
t('log', () => { let x = 0; for (let i = 0; i < n; i++) x += Math.log(lat[i]! + 100); return x; });
t('floor', () => { let x = 0; for (let i = 0; i < n; i++) x += Math.floor(lon[i]! * 3.3); return x; });
const tiles = 8;
const D = Math.PI / 180;
t('inline', () => { let acc = 0; for (let i = 0; i < n; i++) {
  const lo = lon[i]!; const la = lat[i]!;
  let x = lo === -180 ? 0 : Math.floor(((lo + 180) / 360) * tiles);
  if (x < 0) x = 0; else if (x >= tiles) x = tiles - 1;
  const sin = Math.sin(la * D);
  let y = Math.floor((0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * tiles);
  if (!(y >= 0)) y = 0; else if (y >= tiles) y = tiles - 1;
  acc += x * tiles + y; } return acc; });
t('sinlog', () => { let acc = 0; for (let i = 0; i < n; i++) { const sin = Math.sin(lat[i]! * D); acc += Math.log((1 + sin) / (1 - sin)); } return acc; });
