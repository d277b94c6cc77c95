// `node out/test/webview/run.js`: build the webview bundles first (npx webpack --mode development).
import * as path from 'node:path';
import Mocha from 'mocha';

const mocha = new Mocha({ timeout: 120_000, reporter: 'spec' });
mocha.addFile(path.join(__dirname, 'panels.test.js'));
mocha.addFile(path.join(__dirname, 'renderer.test.js'));
mocha.addFile(path.join(__dirname, 'gradientChannel.test.js'));
mocha.run(failures => { process.exitCode = failures ? 1 : 0; });
