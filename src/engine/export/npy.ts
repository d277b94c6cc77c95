// NumPy's file formats, written by us (no zip dependency in the package): `.npy` (format 1.0, a
// header dict padded to 64 bytes, then little-endian C-order data) and `.npz` (a zip of `.npy`
// members). The zip uses the "stored" method (no compression) with a CRC-32 per member, which
// numpy.load reads like any other .npz.

/** The numpy dtypes we write. */
type NpyDType = 'float32' | 'int64';

export interface NpyArray {
  dtype: NpyDType;
  shape: readonly number[];
  /** float32: any numbers; int64: integers (bigint or number). */
  data: ArrayLike<number> | BigInt64Array;
}

const DESCR: Record<NpyDType, string> = { float32: '<f4', int64: '<i8' };

/** One `.npy` file. */
export function npyBytes(a: NpyArray): Uint8Array {
  const n = a.shape.reduce((s, d) => s * d, 1);
  if (a.data.length !== n) throw new Error(`npy: shape [${a.shape.join(', ')}] needs ${n} values, got ${a.data.length}`);
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
  let header = `{'descr': '${DESCR[a.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  // magic (6) + version (2) + header length (2) + header + '\n', padded with spaces to 64 bytes
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const body = a.dtype === 'float32' ? new Uint8Array(Float32Array.from(a.data as ArrayLike<number>).buffer) : new Uint8Array(toBigInt64(a.data).buffer);
  const out = new Uint8Array(10 + header.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY, version 1.0
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(body, 10 + header.length);
  return out;
}

function toBigInt64(data: ArrayLike<number> | BigInt64Array): BigInt64Array {
  if (data instanceof BigInt64Array) return data;
  const out = new BigInt64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isInteger(data[i])) throw new Error(`npy: int64 array holds a non-integer ${data[i]} at ${i}`);
    out[i] = BigInt(data[i]);
  }
  return out;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, the zip checksum). */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive of stored (uncompressed) members; names are ASCII paths. Under 4 GiB (no zip64). */
function zipStored(members: readonly { name: string; bytes: Uint8Array }[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const m of members) {
    if (!/^[\x20-\x7e]+$/.test(m.name)) throw new Error(`zip: member name ${JSON.stringify(m.name)} must be printable ASCII`);
    const name = Uint8Array.from(m.name, (ch) => ch.charCodeAt(0));
    const crc = crc32(m.bytes);
    const size = m.bytes.length;
    const local = new Uint8Array(30 + name.length + size);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true); // local file header
    lv.setUint16(4, 20, true); // version needed: 2.0
    lv.setUint16(8, 0, true); // method: stored
    lv.setUint16(12, 0x21, true); // date: 1980-01-01
    lv.setUint32(14, crc, true);
    lv.setUint32(18, size, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    local.set(m.bytes, 30 + name.length);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true); // central directory header
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, size, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const centralSize = centrals.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true); // end of central directory
  ev.setUint16(8, members.length, true);
  ev.setUint16(10, members.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + centralSize + end.length);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** An `.npz`: each array as `<key>.npy` in a stored zip (numpy.load(f)[key] reads it back). */
export function npzBytes(arrays: ReadonlyMap<string, NpyArray>): Uint8Array {
  return zipStored([...arrays].map(([key, a]) => ({ name: `${key}.npy`, bytes: npyBytes(a) })));
}
