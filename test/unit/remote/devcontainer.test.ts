// The repository's dev container and the manifest's extensionKind: what Remote-SSH, Dev
// Containers and Codespaces need so that the kernel runs on the remote side, next to the data
// and the GPU. (Docker cannot run in CI here, so the container itself is not started: these
// check that its settings agree with the repository's own.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../kernel/harness';

const read = (file: string) => fs.readFileSync(path.join(REPO, file), 'utf8');

describe('Remote development', () => {
  const manifest = JSON.parse(read('package.json')) as { extensionKind?: string[]; engines: { node: string } };
  const container = JSON.parse(read('.devcontainer/devcontainer.json')) as {
    image: string;
    containerEnv: Record<string, string>;
    postCreateCommand: string | Record<string, string>;
  };

  it('the extension is a workspace extension: on a remote it runs (and starts its kernels) on the remote side', () => {
    assert.deepEqual(manifest.extensionKind, ['workspace']);
  });

  it("the container's Node satisfies engines.node, and it installs from the lockfile as CI does", () => {
    const nodeMajor = /typescript-node:\d+-(\d+)-/.exec(container.image)?.[1];
    const required = /^>=(\d+)\./.exec(manifest.engines.node)?.[1];
    assert.ok(nodeMajor && required, `image ${container.image}, engines.node ${manifest.engines.node}`);
    assert.equal(nodeMajor, required, 'the image tag names the Node major that engines.node asks for (its latest minor)');
    const commands = typeof container.postCreateCommand === 'string' ? [container.postCreateCommand] : Object.values(container.postCreateCommand);
    assert.ok(commands.some(c => /^npm ci\b/.test(c)), `postCreateCommand: ${JSON.stringify(container.postCreateCommand)}`);
    assert.ok(fs.existsSync(path.join(REPO, 'package-lock.json')), 'npm ci needs the lockfile');
  });

  it("skips onnxruntime-node's download of GPU binaries, as .npmrc does for plain installs", () => {
    assert.equal(container.containerEnv.ONNXRUNTIME_NODE_INSTALL, 'skip');
    assert.match(read('.npmrc'), /^onnxruntime-node-install=skip$/m);
  });
});
