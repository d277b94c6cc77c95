// `node out/test/webview/run.js [name ...]`: build the webview bundles first (npx webpack --mode
// development). Names pick test files (`states` runs states.test.js only); none runs them all.
import * as path from 'node:path';
import Mocha from 'mocha';

const ALL = ['panels', 'renderer', 'gradientChannel', 'states', 'compare', 'saliency', 'attention', 'chain', 'bpttStep', 'export'];
const mocha = new Mocha({ timeout: 120_000, reporter: 'spec' });
const asked = process.argv.slice(2);
for (const name of asked.length ? asked : ALL) {
  if (!ALL.includes(name)) throw new Error(`no webview test file '${name}' (have ${ALL.join(', ')})`);
  mocha.addFile(path.join(__dirname, `${name}.test.js`));
}
mocha.run(failures => { process.exitCode = failures ? 1 : 0; });
