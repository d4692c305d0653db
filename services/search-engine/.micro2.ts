const n = 100_000;
const lat = new Float64Array(n), lon = new Float64Array(n);
for (let i = 0; i < n; i++) { lat[i] = Math.random() * 170 - 85; lon[i] = Math.random() * 360 - 180; }
const LAT_DECODE = 1 / (2 ** 32 / 180);
const LAT_SCALE = 2 ** 32 / 180;
function t(name: string, fn: () => number) { for (let r = 0; r < 8; r++) { const a = performance.now(); const x = fn(); if (r === 7) console.log(name, (performance.now() - a).toFixed(2), x > -1 ? '' : '!'); } }
t('div', () => { let s = 0; for (let i = 0; i < n; i++) { let e = Math.floor(lat[i]! / LAT_DECODE); if (e > 2147483647) e = 2147483647; s += e * LAT_DECODE; } return s; });
t('mul', () => { let s = 0; for (let i = 0; i < n; i++) { let e = Math.floor(lat[i]! * LAT_SCALE); if (e > 2147483647) e = 2147483647; s += e * LAT_DECODE; } return s; });
let diff = 0; for (let i = 0; i < n; i++) if (Math.floor(lat[i]! / LAT_DECODE) !== Math.floor(lat[i]! * LAT_SCALE)) diff++;
console.log('diff', diff);
t('empty', () => { let s = 0; for (let i = 0; i < n; i++) { s += lat[i]!; } return s; });
