import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { builtinRules } from '../../rules/index.js';
import { startServer } from './server.js';

/**
 * `kubelint lsp --stdio`: serve until the client sends `exit` or closes stdin (the library then exits
 * the process). createConnection reads `--stdio` from process.argv and routes console output to the
 * client's log, so nothing but protocol messages reaches stdout.
 */
export function runLsp(): Promise<number> {
  startServer(createConnection(ProposedFeatures.all), { rules: builtinRules });
  return new Promise(() => {});
}
