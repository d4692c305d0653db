import { quantizeLatitude } from './src/aggs/geo-points';
const n = 100_000;
const lat = new Float64Array(n);
for (let i = 0; i < n; i++) { lat[i] = Math.random() * 170 - 85; }
function t(name: string, fn: () => number) { for (let r = 0; r < 8; r++) { const a = performance.now(); const x = fn(); if (r === 7) console.log(name, (performance.now() - a).toFixed(2), x > -1 ? '' : '!'); } }
t('imported', () => { let s = 0; for (let i = 0; i < n; i++) s += quantizeLatitude(lat[i]!); return s; });
const q = quantizeLatitude;
t('local ref', () => { let s = 0; for (let i = 0; i < n; i++) s += q(lat[i]!); return s; });
