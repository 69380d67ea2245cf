// Tokenizes Markdown with VS Code's Markdown grammar (from tm-grammars)
// and the casenote injection grammar, as VS Code does: vscode-textmate
// with the Oniguruma regular expression engine.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

export const INJECTION = join(__dirname, '..', '..', 'syntaxes', 'casenote.injection.tmLanguage.json');

let registry: textmate.Registry | undefined;

function load(): textmate.Registry {
  if (registry) {
    return registry;
  }
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  const onigLib = oniguruma
    .loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength))
    .then(() => ({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }));
  registry = new textmate.Registry({
    onigLib,
    loadGrammar: async (scopeName) => {
      if (scopeName === 'text.html.markdown') {
        const file = require.resolve('tm-grammars/grammars/markdown.json');
        return textmate.parseRawGrammar(readFileSync(file, 'utf8'), file);
      }
      if (scopeName === 'source.yaml') {
        // Without it, Markdown's front matter rule is dropped.
        const file = require.resolve('tm-grammars/grammars/yaml.json');
        return textmate.parseRawGrammar(readFileSync(file, 'utf8'), file);
      }
      if (scopeName === 'casenote.injection') {
        return textmate.parseRawGrammar(readFileSync(INJECTION, 'utf8'), INJECTION);
      }
      return null;
    },
    getInjections: (scopeName) =>
      scopeName === 'text.html.markdown' && !process.env.NO_INJECTION ? ['casenote.injection'] : undefined,
  });
  return registry;
}

export interface Token {
  line: number;
  text: string;
  scopes: string[];
}

/** Every token of `text`. */
export async function tokenize(text: string): Promise<Token[]> {
  const grammar = await load().loadGrammar('text.html.markdown');
  if (!grammar) {
    throw new Error('no Markdown grammar');
  }
  const out: Token[] = [];
  let stack = textmate.INITIAL;
  text.split('\n').forEach((line, index) => {
    const result = grammar.tokenizeLine(line, stack);
    for (const token of result.tokens) {
      out.push({ line: index, text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    }
    stack = result.ruleStack;
  });
  return out;
}

/** The scopes at the start of the first occurrence of `needle` on a line containing `lineHas`. */
export function scopesAt(tokens: Token[], text: string, lineHas: string, needle: string): string[] {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(lineHas));
  if (line < 0) {
    throw new Error(`no line has ${JSON.stringify(lineHas)}`);
  }
  const column = lines[line].indexOf(needle);
  if (column < 0) {
    throw new Error(`line ${line} has no ${JSON.stringify(needle)}`);
  }
  let at = 0;
  for (const token of tokens.filter((t) => t.line === line)) {
    if (column >= at && column < at + token.text.length) {
      return token.scopes;
    }
    at += token.text.length;
  }
  throw new Error(`no token at ${line}:${column}`);
}
