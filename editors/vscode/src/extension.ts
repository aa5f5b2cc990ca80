// The dfix extension: starts `dfix lsp` and connects it to VS Code. All the
// work (diagnostics, quick fixes, fix-all, hover) happens in the server.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("dfix");
  const command = config.get<string>("path") || "dfix";
  const serverOptions: ServerOptions = {
    command,
    args: ["lsp"],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: "dockerfile" },
      { language: "dockercompose" },
      { language: "yaml" },
      { language: "helm" },
      { pattern: "**/{Dockerfile,Containerfile}{,.*}" },
      { pattern: "**/*.{dockerfile,containerfile}" },
    ],
    synchronize: {
      // `workspace/configuration` answers come from the `dfix` section.
      configurationSection: "dfix",
    },
  };
  client = new LanguageClient("dfix", "dfix", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("dfix.path") && client) {
        await client.restart();
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
