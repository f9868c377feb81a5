// Composing an incident: id, description, window and criteria, every field labelled.
import type { IncidentForm } from './incident-request.ts';

type FormProps = Readonly<{ form: IncidentForm; busy: boolean; onChange: (form: IncidentForm) => void; onDryRun: () => void }>;

type TextField = Exclude<keyof IncidentForm, 'devicesRegisteredInWindow'>;
const textFields: ReadonlyArray<Readonly<{ name: TextField; label: string; hint: string }>> = [
  { name: 'incidentId', label: 'Incident id', hint: 'e.g. 7pay-2019-07' },
  { name: 'description', label: 'Description', hint: 'what happened' },
  { name: 'from', label: 'Window from (inclusive)', hint: '2019-07-03T00:00:00+09:00' },
  { name: 'to', label: 'Window to (exclusive)', hint: '2019-07-04T00:00:00+09:00' },
  { name: 'deviceIds', label: 'Device ids (optional)', hint: 'comma-separated' },
  { name: 'countries', label: 'Login countries (optional)', hint: 'e.g. CN, VN' },
  { name: 'accountIds', label: 'Account ids (optional)', hint: 'comma-separated' },
];

export const CriteriaForm = ({ form, busy, onChange, onDryRun }: FormProps) => (
  <form
    class="criteria"
    aria-labelledby="criteria-heading"
    onSubmit={(event) => {
      event.preventDefault();
      onDryRun();
    }}
  >
    <h3 id="criteria-heading">Criteria</h3>
    <div class="fields">
      {textFields.map(({ name, label, hint }) => (
        <div class="field" key={name}>
          <label for={`incident-${name}`}>{label}</label>
          <input
            id={`incident-${name}`}
            type="text"
            value={form[name]}
            placeholder={hint}
            autocomplete="off"
            onInput={(event) => onChange({ ...form, [name]: event.currentTarget.value })}
          />
        </div>
      ))}
      <div class="field checkbox">
        <input
          id="incident-devicesRegisteredInWindow"
          type="checkbox"
          checked={form.devicesRegisteredInWindow}
          onChange={(event) => onChange({ ...form, devicesRegisteredInWindow: event.currentTarget.checked })}
        />
        <label for="incident-devicesRegisteredInWindow">Only devices registered inside the window</label>
      </div>
    </div>
    <button type="submit" disabled={busy}>Dry run</button>
  </form>
);
