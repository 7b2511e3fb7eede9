#!/usr/bin/env node
// Regenerates the knowledge tables in this directory from the research data (shared/data/openssl-errors, beside
// the clone or at /work/shared) and the errno sources in ./sources. Usage: node src/core/knowledge/data/generate.mjs [SHARED_DIR]
// The output is committed; the extension and the tests never read shared/ at run time.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const candidates = [process.argv[2], path.resolve(root, '../shared'), '/work/shared'].filter(Boolean);
const shared = candidates.find((dir) => fs.existsSync(path.join(dir, 'data/openssl-errors')));
if (!shared) {
  console.error(`generate: no shared/data/openssl-errors in ${candidates.join(', ')}`);
  process.exit(2);
}
const source = (name) => JSON.parse(fs.readFileSync(path.join(shared, 'data/openssl-errors', name), 'utf8'));

/** Version families, one bit each in the `mask` column of every row. 3.5 stands for 3.2+ (alert strings). */
const versions = [
  { label: '1.0.2', table: 'table-OpenSSL_1_0_2u.json', x509: 'OpenSSL_1_0_2u', layout: '1.x' },
  { label: '1.1.1', table: 'table-OpenSSL_1_1_1w.json', x509: 'OpenSSL_1_1_1w', layout: '1.x' },
  { label: '3.0', table: 'table-openssl-3.0.17.json', x509: 'openssl-3.0.17', layout: '3.x' },
  { label: '3.5', table: 'table-openssl-3.5.json', x509: 'openssl-3.5', layout: '3.x' },
];

const errstr = source('errstr-3.0.19.json');

// Library names as ERR_lib_error_string prints them (3.0.19 errstr); the numbering is the same in every version.
const libNames = new Map([[1, 'unknown library'], [2, 'system library']]);
for (const [code, [lib]] of Object.entries(errstr)) {
  const num = (parseInt(code, 16) >>> 23) & 0xff;
  if (!libNames.has(num) && !/^lib\(\d+\)$/.test(lib)) libNames.set(num, lib);
}

// 3.x ERR_R_* that carry ERR_RFLAG_FATAL: errstr lists them with the 0x0C0000 flags instead of 0x080000.
const commonFlag3 = 0x80000;
const fatalFlag3 = 0x40000;
const fatal3 = new Set();
for (const code of Object.keys(errstr)) {
  const value = parseInt(code, 16) & 0x7fffff;
  if ((value & 0xc0000) === 0xc0000) fatal3.add(value & 0x3ffff);
}
// 1.x: ERR_R_MALLOC_FAILURE … ERR_R_OPERATION_FAIL are (n|ERR_R_FATAL) with ERR_R_FATAL 64, except
// ERR_R_PASSED_INVALID_ARGUMENT (7) (include/openssl/err.h@OpenSSL_1_1_1w, crypto/err/err.h@OpenSSL_1_0_2u).
const fatal1 = new Set([1, 2, 3, 4, 5, 6, 8]);

function readTsv(name) {
  return fs.readFileSync(path.join(here, 'sources', name), 'utf8').split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t'));
}
const rows = { libs: new Map(), reasons: new Map(), common: new Map(), functions: new Map() };
function add(map, key, row, bit) {
  const existing = map.get(key);
  if (existing) existing[existing.length - 1] |= bit;
  else map.set(key, [...row, bit]);
}

versions.forEach((version, index) => {
  const bit = 1 << index;
  const table = source(version.table);
  for (const [macro, num] of Object.entries(table.libs)) {
    if (macro === 'OFFSET' || macro === 'MASK') continue;
    add(rows.libs, `${num}:${macro}`, [num, `ERR_LIB_${macro}`, libNames.get(num) ?? null], bit);
  }
  for (const r of table.reasons) {
    if (r.lib === 'ERR') {
      let value;
      if (r.macro === 'ERR_R_FATAL') {
        if (version.layout === '3.x') continue; // a flag, not a reason, in 3.x
        value = r.reason;
      } else if (r.reason === null) {
        const lib = table.libs[r.macro.slice('ERR_R_'.length, -'_LIB'.length)];
        if (lib === undefined) throw new Error(`${version.label}: no library for ${r.macro}`);
        value = version.layout === '3.x' ? lib | commonFlag3 : lib;
      } else if (version.layout === '3.x') {
        value = r.reason | commonFlag3 | (fatal3.has(r.reason) ? fatalFlag3 : 0);
      } else {
        value = r.reason | (fatal1.has(r.reason) ? 64 : 0);
      }
      add(rows.common, `${value}:${r.macro}:${r.string}`, [value, r.macro, r.string], bit);
      continue;
    }
    if (r.libnum === null || r.reason === null) throw new Error(`${version.label}: incomplete row ${r.macro}`);
    add(rows.reasons, `${r.libnum}:${r.reason}:${r.macro}:${r.string}`, [r.libnum, r.reason, r.macro, r.string], bit);
  }
  for (const f of table.functions) {
    const lib = table.libs[f.lib];
    if (lib === undefined) throw new Error(`${version.label}: no library for ${f.macro}`);
    add(rows.functions, `${lib}:${f.func}:${f.name}`, [lib, f.func, f.name], bit);
  }
});

// The system library's function codes are not in the research tables (they live in err.c, not in a *err.h).
for (const [func, name, since] of readTsv('sys-functions.tsv')) {
  const mask = versions.reduce((m, v, i) => (v.layout === '1.x' && (since === '1.0.2' || v.label !== '1.0.2') ? m | (1 << i) : m), 0);
  rows.functions.set(`2:${func}:${name}`, [2, Number(func), name, mask]);
}

const byNumbers = (a, b) => a[0] - b[0] || a[1] - b[1] || String(a[2]).localeCompare(String(b[2]));
const openssl = {
  generatedBy: 'src/core/knowledge/data/generate.mjs',
  sources: [...versions.map((v) => `data/openssl-errors/${v.table}`), 'sources/sys-functions.tsv'],
  versions: versions.map((v) => v.label),
  layouts: versions.map((v) => v.layout),
  columns: {
    libs: ['number', 'macro', 'name', 'versionMask'],
    reasons: ['lib', 'reason', 'macro', 'string', 'versionMask'],
    common: ['reasonValueWithFlags', 'macro', 'string', 'versionMask'],
    functions: ['lib', 'func', 'name', 'versionMask'],
  },
  libs: [...rows.libs.values()].sort(byNumbers),
  reasons: [...rows.reasons.values()].sort(byNumbers),
  common: [...rows.common.values()].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1])),
  functions: [...rows.functions.values()].sort(byNumbers),
};

const x509source = source('x509v.json');
const x509rows = new Map();
versions.forEach((version, index) => {
  const [numbers, strings] = x509source[version.x509];
  for (const [macro, num] of Object.entries(numbers)) {
    // 1.0.2 has no string case for one code; X509_verify_cert_error_string then prints "unknown certificate verification error".
    const text = strings[macro] ?? null;
    add(x509rows, `${num}:${macro}:${text}`, [num, macro, text], 1 << index);
  }
});
const x509 = {
  generatedBy: openssl.generatedBy,
  sources: ['data/openssl-errors/x509v.json'],
  versions: openssl.versions,
  columns: ['number', 'macro', 'string', 'versionMask'],
  codes: [...x509rows.values()].sort(byNumbers),
};

const errno = {
  generatedBy: openssl.generatedBy,
  sources: ['sources/errno-linux.tsv', 'sources/errno-macos.tsv', 'sources/errno-windows.tsv'],
  columns: ['number', 'name', 'message'],
  linux: readTsv('errno-linux.tsv').map(([n, name, message]) => [Number(n), name, message]),
  macos: readTsv('errno-macos.tsv').map(([n, name, message]) => [Number(n), name, message]),
  winsock: readTsv('errno-windows.tsv').filter((r) => r[3] === 'winsock').map(([n, name, message]) => [Number(n), name, message]),
  windowsCrt: readTsv('errno-windows.tsv').filter((r) => r[3] === 'crt').map(([n, name, message]) => [Number(n), name, message]),
};

// One row per line keeps the files diffable without making them much larger.
function write(name, data) {
  const body = Object.entries(data).map(([key, value]) => {
    if (Array.isArray(value) && value.length > 0 && Array.isArray(value[0])) {
      return `  ${JSON.stringify(key)}: [\n${value.map((row) => `    ${JSON.stringify(row)}`).join(',\n')}\n  ]`;
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const inner = Object.entries(value).map(([k, v]) => {
        if (Array.isArray(v) && v.length > 0 && Array.isArray(v[0])) return `    ${JSON.stringify(k)}: [\n${v.map((row) => `      ${JSON.stringify(row)}`).join(',\n')}\n    ]`;
        return `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
      });
      return `  ${JSON.stringify(key)}: {\n${inner.join(',\n')}\n  }`;
    }
    return `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  });
  fs.writeFileSync(path.join(here, name), `{\n${body.join(',\n')}\n}\n`);
  console.log(`generate: ${name} (${fs.statSync(path.join(here, name)).size} bytes)`);
}

write('openssl-errors.json', openssl);
write('x509-verify.json', x509);
write('errno.json', errno);
