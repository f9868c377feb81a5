// The incident the form describes, as the body of POST /v1/incidents. Lists are typed as
// comma- or space-separated ids; empty ones are left out (no criterion). The server validates.
export type IncidentForm = Readonly<{
  incidentId: string;
  description: string;
  from: string;
  to: string;
  deviceIds: string;
  countries: string;
  accountIds: string;
  devicesRegisteredInWindow: boolean;
}>;

export const emptyIncidentForm: IncidentForm = {
  incidentId: '',
  description: '',
  from: '',
  to: '',
  deviceIds: '',
  countries: '',
  accountIds: '',
  devicesRegisteredInWindow: false,
};

const listOf = (text: string): ReadonlyArray<string> => text.split(/[\s,]+/).filter((item) => item !== '');

export type IncidentBody = Readonly<{
  incidentId: string;
  description: string;
  window: Readonly<{ from: string; to: string }>;
  criteria: Readonly<Record<string, ReadonlyArray<string> | boolean>>;
}>;

export const incidentBodyOf = (form: IncidentForm): IncidentBody => {
  const criteria: Record<string, ReadonlyArray<string> | boolean> = {};
  const lists = { deviceIds: listOf(form.deviceIds), countries: listOf(form.countries.toUpperCase()), accountIds: listOf(form.accountIds) };
  for (const [name, items] of Object.entries(lists)) if (items.length > 0) criteria[name] = items;
  if (form.devicesRegisteredInWindow) criteria.devicesRegisteredInWindow = true;
  return { incidentId: form.incidentId.trim(), description: form.description.trim(), window: { from: form.from.trim(), to: form.to.trim() }, criteria };
};
