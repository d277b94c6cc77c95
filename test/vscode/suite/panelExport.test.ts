// `Unroll: Export Panel…` in a real extension host: the command reaches the active panel, the
// page makes the picture, the host writes it (to the file the command names, so no dialog waits).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateUnroll, workspaceUri } from './helpers';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function sizeOf(uri: vscode.Uri): Promise<number> {
  try {
    return (await vscode.workspace.fs.stat(uri)).size;
  } catch {
    return 0;
  }
}

/** Runs the command until the file appears: the panel's page may still be loading when it is first asked. */
async function exportTo(uri: vscode.Uri, format: string, theme: string): Promise<Uint8Array> {
  for (let i = 0; i < 80 && !(await sizeOf(uri)); i++) {
    if (i % 20 === 0) await vscode.commands.executeCommand('unroll.exportPanel', format, theme, uri);
    await sleep(250);
  }
  assert.ok(await sizeOf(uri), `${uri.path} was not written`);
  return vscode.workspace.fs.readFile(uri);
}

describe('Panel export (in host)', () => {
  it('Unroll: Export Panel… writes the active panel as SVG in the print theme and as PNG', async function () {
    this.timeout(60_000);
    await activateUnroll();
    await vscode.commands.executeCommand('unroll.showUnrolledGraph');
    // What the panel shows can change under the test (a model's diagram arriving from an earlier
    // suite's kernel redraws it): a picture without text is taken again, a few times at most.
    let svg = '';
    for (let attempt = 0; attempt < 4 && !/<text[\s>]/.test(svg); attempt++) {
      if (attempt) await vscode.workspace.fs.delete(workspaceUri('graph-export.svg'));
      svg = new TextDecoder().decode(await exportTo(workspaceUri('graph-export.svg'), 'svg', 'print'));
    }
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok(svg.includes('fill="rgb(255, 255, 255)"'), 'print theme: white paper');
    // What the panel shows: its empty-state text, or (after other suites trained models) a model's graph.
    assert.match(svg, /<text[\s>]/, `the panel's text is in the picture: ${svg.slice(0, 600)}…`);
    const png = await exportTo(workspaceUri('graph-export.png'), 'png', 'current');
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'PNG signature');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
