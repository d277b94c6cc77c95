// Confinement of the files cells read and write, probed as an attacker would: links out of the
// workspace (dangling, or a linked folder), a folder swapped for a link between check and open,
// names that only look like `..`, Windows-style and absolute paths.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readWorkspaceFile, writeWorkspaceFile } from '../../../src/kernel/keras/workspace';
import { TestKernel } from './harness';

describe('kernel: files stay inside the workspace', function () {
  this.timeout(60_000);
  let k: TestKernel;
  let away: string;
  const ws = (...p: string[]) => path.join(k.workspace, ...p);
  const awayFiles = () => fs.readdirSync(away);
  const failure = (source: string) => {
    const e = k.fails(source);
    return `${e.errorName}: ${e.message}`;
  };

  beforeEach(() => {
    k = new TestKernel();
    away = fs.mkdtempSync(path.join(os.tmpdir(), 'unroll-away-'));
    k.run("m = Sequential([Input(shape=(3,)), Dense(1)], name='m')");
  });
  afterEach(async () => {
    await k.dispose();
    fs.rmSync(away, { recursive: true, force: true });
  });

  it('a dangling link to a file outside is refused for .unroll.json and .onnx, and nothing is written there', () => {
    fs.symlinkSync(path.join(away, 'stolen.unroll.json'), ws('m.unroll.json'));
    fs.symlinkSync(path.join(away, 'stolen.onnx'), ws('m.onnx'));
    assert.match(failure("m.save('m.unroll.json')"), /^PermissionError: 'm\.unroll\.json' is a symbolic link/);
    assert.match(failure("m.save('m.onnx')"), /^PermissionError: 'm\.onnx' is a symbolic link/);
    assert.deepEqual(awayFiles(), []);
  });

  it('a link to an existing file outside is refused for writing, and the file is left as it was', () => {
    fs.writeFileSync(path.join(away, 'keep.txt'), 'precious');
    fs.symlinkSync(path.join(away, 'keep.txt'), ws('m.unroll.json'));
    assert.match(failure("m.save('m.unroll.json')"), /^PermissionError/);
    assert.equal(fs.readFileSync(path.join(away, 'keep.txt'), 'utf8'), 'precious');
  });

  it('a linked folder that leads outside is refused, also when it dangles', () => {
    fs.symlinkSync(away, ws('out'));
    fs.symlinkSync(path.join(away, 'missing'), ws('gone'));
    assert.match(failure("m.save('out/m.unroll.json')"), /^PermissionError: 'out\/m\.unroll\.json' leads outside the workspace folder through a symbolic link/);
    assert.match(failure("m.save('gone/m.onnx')"), /^PermissionError/);
    assert.match(failure("load_text('out/anything.txt')"), /^PermissionError/);
    assert.deepEqual(awayFiles(), []);
  });

  it('a folder swapped for a link between the checks and the open: no byte is written outside', () => {
    fs.mkdirSync(ws('sub'));
    const swap = () => {
      fs.rmSync(ws('sub'), { recursive: true });
      fs.symlinkSync(away, ws('sub'));
    };
    assert.throws(() => writeWorkspaceFile(k.workspace, 'sub/m.json', 'secret', { beforeOpen: swap }), /leads outside the workspace folder through a symbolic link/);
    for (const f of awayFiles()) assert.equal(fs.statSync(path.join(away, f)).size, 0, `${f} holds no data`);
    fs.writeFileSync(path.join(away, 'data.txt'), 'outside');
    fs.rmSync(ws('sub'));
    fs.mkdirSync(ws('sub'));
    fs.writeFileSync(ws('sub', 'data.txt'), 'inside');
    assert.throws(() => readWorkspaceFile(k.workspace, 'sub/data.txt', { beforeOpen: swap }), /leads outside the workspace folder/);
  });

  it("names that only start with '..' are inside; Windows-style and absolute paths are judged as paths", () => {
    k.run("m.save('..inside.unroll.json')\ntext = load_text('..inside.unroll.json')");
    assert.ok(fs.existsSync(ws('..inside.unroll.json')));
    k.run("m.save('models\\\\m.unroll.json')");
    assert.ok(fs.existsSync(ws('models', 'm.unroll.json')), 'a backslash separates folders, as on Windows');
    assert.match(failure("m.save('..\\\\..\\\\m.unroll.json')"), /^PermissionError: .* is outside the workspace folder/);
    assert.match(failure(`m.save('${path.join(away, 'm.onnx')}')`), /^PermissionError: .* is outside the workspace folder/);
    k.run(`m.save('${ws('abs.unroll.json')}')`);
    assert.ok(fs.existsSync(ws('abs.unroll.json')), 'an absolute path inside is fine');
    fs.writeFileSync(ws('real.txt'), 'hello');
    fs.symlinkSync(ws('real.txt'), ws('alias.txt'));
    assert.equal(k.run("load_text('alias.txt')"), "'hello'", 'a link that stays inside reads');
    assert.deepEqual(awayFiles(), []);
  });
});
