import { geotileEncoder } from './src/aggs/geotile-grid';
import { quantizeLatitude, quantizeLongitude } from './src/aggs/geo-points';
const n = 100_000;
const lat = new Float64Array(n), lon = new Float64Array(n);
for (let i = 0; i < n; i++) { lat[i] = Math.random() * 170 - 85; lon[i] = Math.random() * 360 - 180; }
const enc = geotileEncoder(7);
function t(name: string, fn: () => number) { for (let r = 0; r < 5; r++) { const a = performance.now(); const x = fn(); if (r === 4) console.log(name, (performance.now() - a).toFixed(2), x > -1 ? '' : '!'); } }
t('quantize', () => { let s = 0; for (let i = 0; i < n; i++) s += quantizeLatitude(lat[i]!) + quantizeLongitude(lon[i]!); return s; });
t('cell', () => { let s = 0; for (let i = 0; i < n; i++) s += enc.cell(lat[i]!, lon[i]!); return s; });
t('sin+log', () => { let s = 0; for (let i = 0; i < n; i++) { const x = Math.sin(lat[i]! * 0.017453292519943295); s += Math.log((1 + x) / (1 - x)); } return s; });
t('sort 16k', () => { const a = Array.from({ length: 16384 }, (_, i) => i); const c = new Int32Array(16384).map(() => Math.random() * 10 | 0); a.sort((x, y) => c[y]! - c[x]! || y - x); return a[0]!; });
