// Runs the two linters nobody here wrote over a document, through their Node APIs (no CLI start-up,
// no network: both resolve only the document given). Each answer is a list of readable problems.
import { createConfig, lintFromString } from '@redocly/openapi-core';
import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import spectralRulesets from '@stoplight/spectral-rulesets';

export type LintProblem = Readonly<{ rule: string; severity: string; where: string; message: string }>;

export const redoclyRecommended = async (document: unknown): Promise<ReadonlyArray<LintProblem>> => {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
  return problems.map((problem) => ({
    rule: problem.ruleId,
    severity: problem.severity,
    where: problem.location.map((location) => location.pointer ?? '').join(' '),
    message: problem.message,
  }));
};

const spectralSeverities = ['error', 'warn', 'info', 'hint'] as const;

export const spectralOas = async (document: unknown): Promise<ReadonlyArray<LintProblem>> => {
  const spectral = new spectralCore.Spectral();
  // spectral-rulesets' declared type of `oas` misses the `extends` member spectral-core's type
  // demands; the object is the ruleset spectral's own CLI loads for `spectral:oas`.
  spectral.setRuleset({ extends: [[spectralRulesets.oas as spectralCore.RulesetDefinition, 'recommended']] });
  const parsed = new spectralCore.Document(JSON.stringify(document, null, 2), spectralParsers.Json, 'openapi.json');
  const results = await spectral.run(parsed);
  return results.map((result) => ({
    rule: String(result.code),
    severity: spectralSeverities[result.severity] ?? String(result.severity),
    where: result.path.join('.'),
    message: result.message,
  }));
};
