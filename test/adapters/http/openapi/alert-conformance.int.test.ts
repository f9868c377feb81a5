// The documented alert (FraudAlert and its details) against alerts the real rules raise: the 7pay
// day folded through every default rule on a memory store, each alert as GET /v1/fraud/alerts
// answers it, checked against the served document. The HTTP flows' alerts are test stubs; these
// are what the rules write.
import { describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../../../adapters/command-handling/command-handler.ts';
import { createMemoryEventStore } from '../../../../adapters/event-store/memory-event-store.ts';
import { runCommands } from '../../../../adapters/incidents/run-commands.ts';
import { sevenPayDay } from '../../../../adapters/incidents/seven-pay-scenario.ts';
import { alertToJson } from '../../../../projections/fraud/fraud-alert.ts';
import { defaultFraudRules } from '../../../../projections/fraud/fraud-rules.ts';
import { fraudRuleNames } from '../../../../domain/alerts/fraud-rule-name.ts';
import { whatIf } from '../../../../projections/fraud/what-if.ts';
import { testApp } from '../http-fixtures.ts';
import { conformanceOf } from './openapi-conformance.ts';

describe('the documented fraud alert', () => {
  it('fits the alerts every default rule raises on the 7pay day', async () => {
    const store = createMemoryEventStore({ clock: { now: () => new Date('2019-07-05T00:00:00Z') } });
    await runCommands(createCommandHandler(store), sevenPayDay({ customers: 12, victims: 6, accountsPerAttackerPhone: 3 }).commands);
    const { alerts } = await whatIf(store, defaultFraudRules);
    const { app } = await testApp();
    await app.ready();
    const conforms = await conformanceOf(app.swagger());
    const answer = (body: unknown) => ({ method: 'GET', route: '/v1/fraud/alerts', status: 200, contentType: 'application/json', body: JSON.stringify(body) });
    expect(new Set(alerts.map((alert) => alert.rule))).toEqual(new Set(fraudRuleNames));
    expect(conforms(answer({ alerts: alerts.map(alertToJson) }))).toEqual([]);
    // Not vacuous: an alert without its rule's evidence does not fit.
    const [first] = alerts.map(alertToJson);
    expect(conforms(answer({ alerts: [{ ...first, details: {} }] })).length).toBeGreaterThan(0);
  });
});
