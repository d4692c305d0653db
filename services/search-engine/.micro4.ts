import { quantizedPoints } from './src/aggs/geo-points';
import { GeoColumn } from './src/index/columns';
import { geotileEncoder } from './src/aggs/geotile-grid';
const n = 100_000;
const col = new GeoColumn();
for (let i = 0; i < n; i++) col.add(i, [{ lat: Math.random() * 170 - 85, lon: Math.random() * 360 - 180 }]);
const ords = Int32Array.from({ length: n }, (_, i) => i);
function t(name: string, fn: () => number) { const ts: number[] = []; for (let r = 0; r < 30; r++) { const a = performance.now(); fn(); ts.push(performance.now() - a); } ts.sort((a, b) => a - b); console.log(name, ts[15]!.toFixed(2)); }
t('quantizedPoints', () => quantizedPoints(col, ords, n, undefined).length);
const slots = new Int32Array(n);
t('quantizedPoints slots', () => quantizedPoints(col, ords, n, undefined, slots).length);
const p = quantizedPoints(col, ords, n, undefined);
const enc = geotileEncoder(7); const out = new Float64Array(n);
t('cells z7', () => { enc.cells(p.lat, p.lon, n, out); return 0; });
t('alloc 4 arrays', () => { const a = new Float64Array(n), b = new Float64Array(n), c = new Int32Array(n); return a.length + b.length + c.length; });
