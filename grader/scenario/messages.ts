// The messages of scenario steps (shared by every exercise.yaml), and each scenario exercise's own
// titles and hints, as catalog entries. grader/i18n/catalog.ts merges them into every language.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths.js';
import { checkTitleKey, hintKey, titleKey } from './interpret.js';
import { loadScenarioFile, SCENARIO_FILE } from './load.js';
import { SCENARIO_LANGS, type Scenario, type ScenarioLang } from './schema.js';

/** What a failing step says. The peers' own expectations use the API's check.peer-got-* messages. */
export const SCENARIO_MESSAGES: Record<ScenarioLang, Record<string, string>> = {
  en: {
    'scenario.stdout-missed': 'Your program should have printed {text} within {seconds} s, but it printed {got}.',
    'scenario.stdout-nothing': 'Your program should have printed {text} within {seconds} s, but it printed nothing.',
    'scenario.stdout-unwanted': 'Your program printed {text}, which it should not print. What it printed: {got}.',
    'scenario.stdout-extra': 'Your program should have printed nothing more for {seconds} s, but it printed {got}.',
    'scenario.peer-extra': '{peer} should have received nothing more for {seconds} s, but received {got}.',
    'scenario.peer-unwanted': '{peer} received {text}, which your program should not send. What {peer} received: {got}.',
    'scenario.peer-not-closed': '{peer} waited {seconds} s for your program to close the connection, but it stayed open. {peer} had received {got}.',
    'scenario.client-no-connect': 'Your client did not connect to the reference server within {seconds} s.',
    'scenario.client-exited-unconnected': 'Your client exited ({status}) without connecting to the reference server. Last error line: {stderr}',
    'scenario.stdin-after-exit': 'Your program had already exited ({status}) when the grader was about to type {text}. Last error line: {stderr}',
    'scenario.not-exited': 'Your program did not exit within {seconds} s. The last thing it printed: {got}.',
    'scenario.exit-status': 'Your program exited with status {status} instead of {expected}. Last error line: {stderr}',
    'scenario.exited-early': 'Your program should have kept running for {seconds} s, but it exited ({status}). Last error line: {stderr}',
    'scenario.datagram-missed': '{peer} expected a datagram holding {text} within {seconds} s, but received {got}.',
    'scenario.datagram-nothing': '{peer} expected a datagram holding {text} within {seconds} s, but no datagram arrived.',
    'scenario.nothing-to-answer': '{peer} was to answer your client with {text}, but your client had sent it no datagram.',
  },
  'pt-BR': {
    'scenario.stdout-missed': 'Seu programa deveria ter impresso {text} em até {seconds} s, mas imprimiu {got}.',
    'scenario.stdout-nothing': 'Seu programa deveria ter impresso {text} em até {seconds} s, mas não imprimiu nada.',
    'scenario.stdout-unwanted': 'Seu programa imprimiu {text}, o que não deveria imprimir. O que ele imprimiu: {got}.',
    'scenario.stdout-extra': 'Seu programa não deveria ter impresso mais nada por {seconds} s, mas imprimiu {got}.',
    'scenario.peer-extra': '{peer} não deveria ter recebido mais nada por {seconds} s, mas recebeu {got}.',
    'scenario.peer-unwanted': '{peer} recebeu {text}, que seu programa não deveria enviar. O que {peer} recebeu: {got}.',
    'scenario.peer-not-closed': '{peer} esperou {seconds} s que seu programa fechasse a conexão, mas ela continuou aberta. {peer} tinha recebido {got}.',
    'scenario.client-no-connect': 'Seu cliente não se conectou ao servidor de referência em até {seconds} s.',
    'scenario.client-exited-unconnected': 'Seu cliente terminou ({status}) sem se conectar ao servidor de referência. Última linha de erro: {stderr}',
    'scenario.stdin-after-exit': 'Seu programa já tinha terminado ({status}) quando o corretor ia digitar {text}. Última linha de erro: {stderr}',
    'scenario.not-exited': 'Seu programa não terminou em até {seconds} s. A última coisa que imprimiu: {got}.',
    'scenario.exit-status': 'Seu programa terminou com status {status} em vez de {expected}. Última linha de erro: {stderr}',
    'scenario.exited-early': 'Seu programa deveria ter continuado rodando por {seconds} s, mas terminou ({status}). Última linha de erro: {stderr}',
    'scenario.datagram-missed': '{peer} esperava um datagrama com {text} em até {seconds} s, mas recebeu {got}.',
    'scenario.datagram-nothing': '{peer} esperava um datagrama com {text} em até {seconds} s, mas nenhum datagrama chegou.',
    'scenario.nothing-to-answer': '{peer} ia responder ao seu cliente com {text}, mas seu cliente não tinha enviado nenhum datagrama a ele.',
  },
};

/** A scenario exercise's own entries, per language: its title, and each check's title and hint. */
export function scenarioTranslations(s: Scenario): Record<ScenarioLang, Record<string, string>> {
  const entries = (lang: ScenarioLang) => {
    const out: Record<string, string> = { [titleKey(s.id)]: s.title[lang] };
    for (const c of s.checks) {
      out[checkTitleKey(s.id, c.id)] = c.title[lang];
      out[hintKey(s.id, c.id)] = c.hint[lang];
    }
    return out;
  };
  return Object.fromEntries(SCENARIO_LANGS.map((l) => [l, entries(l)])) as Record<ScenarioLang, Record<string, string>>;
}

/** Entries of scenario exercises loaded from folders outside exercises/ (a class's own), by id. */
const registered = new Map<string, Record<ScenarioLang, Record<string, string>>>();

/** Makes a loaded scenario's titles and hints known to every catalog built from now on. */
export function registerTranslations(s: Scenario): void {
  registered.set(s.id, scenarioTranslations(s));
}

/** Parsed exercises/<id>/exercise.yaml, by file, with the mtime they were read at. */
const treeCache = new Map<string, { mtimeMs: number; entries: Record<ScenarioLang, Record<string, string>> }>();

/** Every scenario entry of one language: the step messages, then each exercise's titles and hints. */
export function scenarioCatalog(lang: string): Record<string, string> {
  const pick = (entries: Record<ScenarioLang, Record<string, string>>) => entries[lang as ScenarioLang] ?? {};
  const catalog: Record<string, string> = { ...pick(SCENARIO_MESSAGES) };
  for (const entries of treeEntries()) Object.assign(catalog, pick(entries));
  for (const entries of registered.values()) Object.assign(catalog, pick(entries));
  return catalog;
}

// The exercise.yaml files of exercises/ (a broken one contributes nothing here: the registry says why).
function treeEntries(): Record<ScenarioLang, Record<string, string>>[] {
  const dir = path.join(projectRoot, 'exercises');
  const out: Record<ScenarioLang, Record<string, string>>[] = [];
  for (const id of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, id, SCENARIO_FILE);
    if (!fs.existsSync(file)) continue;
    const mtimeMs = fs.statSync(file).mtimeMs;
    let known = treeCache.get(file);
    if (!known || known.mtimeMs !== mtimeMs) {
      try {
        known = { mtimeMs, entries: scenarioTranslations(loadScenarioFile(file, { folder: id })) };
      } catch {
        continue;
      }
      treeCache.set(file, known);
    }
    out.push(known.entries);
  }
  return out;
}
