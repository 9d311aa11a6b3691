// Prints the raw and gzip size of every file of the first download (the files directly in DIR)
// and fails above a gzip budget. Topic data in DIR/data/ is fetched only when its topic opens:
// it is listed apart and not counted.
//   node scripts/size-report.mjs DIR BUDGET_BYTES
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dir = process.argv[2] || 'build/web/dist';
const budget = Number(process.argv[3] || 1048576);
let raw = 0, gz = 0;
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KB';
console.log('file'.padEnd(24) + 'raw'.padStart(11) + 'gzip'.padStart(11));
for (const name of fs.readdirSync(dir).sort()) {
  const file = path.join(dir, name);
  if (!fs.statSync(file).isFile()) continue;
  const data = fs.readFileSync(file);
  const z = zlib.gzipSync(data, { level: 9 }).length;
  raw += data.length; gz += z;
  console.log(name.padEnd(24) + kb(data.length) + kb(z));
}
console.log('total'.padEnd(24) + kb(raw) + kb(gz));
const dataDir = path.join(dir, 'data');
if (fs.existsSync(dataDir)) {
  let dataRaw = 0;
  const walk = (d) => {
    for (const n of fs.readdirSync(d)) {
      const f = path.join(d, n);
      if (fs.statSync(f).isDirectory()) walk(f); else dataRaw += fs.statSync(f).size;
    }
  };
  walk(dataDir);
  console.log(`topic data in data/ (fetched when its topic opens, not counted): ${(dataRaw / 1024).toFixed(0)} KB`);
}
if (gz > budget) {
  console.error(`over budget: ${gz} bytes gzip > ${budget}`);
  process.exit(1);
}
console.log(`within budget (${(100 * gz / budget).toFixed(0)} % of ${(budget / 1048576).toFixed(1)} MB gzip)`);
