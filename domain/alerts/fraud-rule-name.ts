// The names of the fraud rules: part of the stored shape of FraudAlertRaised (its `rule` field),
// hence the domain's. The rules themselves, their thresholds and the detector live in
// projections/fraud/.
export const fraudRuleNames = [
  'foreign-login-new-device',
  'shared-device',
  'velocity',
  'impossible-travel',
  'fresh-device-large-charge',
] as const;
export type FraudRuleName = (typeof fraudRuleNames)[number];

export const isFraudRuleName = (value: string): value is FraudRuleName =>
  (fraudRuleNames as ReadonlyArray<string>).includes(value);
