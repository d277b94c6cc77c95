import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateUnroll } from './helpers';

describe('Unroll extension', () => {
  it('activates and registers every command of its manifest', async () => {
    await activateUnroll();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const { command } of manifest.contributes.commands) assert.ok(registered.has(command), `${command} is not registered`);
  });

  it('contributes the rnn cell language and the settings with their defaults', async () => {
    assert.ok((await vscode.languages.getLanguages()).includes('rnn'));
    const config = vscode.workspace.getConfiguration('unroll');
    assert.equal(config.get('executionProvider'), 'auto');
    assert.equal(config.get('threads'), 0);
    assert.equal(config.get('interruptTimeoutSeconds'), 5);
  });
});
