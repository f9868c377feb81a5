// Entering the API key: a password field, kept in this tab's sessionStorage only.
import { useState } from 'preact/hooks';
import { isWellFormedKey, storeApiKey } from './session/api-key.ts';

export const KeyForm = ({ onKey }: Readonly<{ onKey: () => void }>) => {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState('');
  return (
    <form
      class="key-form"
      aria-labelledby="key-heading"
      onSubmit={(event) => {
        event.preventDefault();
        if (!isWellFormedKey(text)) {
          setProblem('A key is 8 to 256 letters, digits and -_.~+/=');
          return;
        }
        storeApiKey(text);
        setText('');
        onKey();
      }}
    >
      <h2 id="key-heading">Sign in with your API key</h2>
      <p>The key stays in this browser tab only (session storage) and is sent to this server alone.</p>
      <label for="api-key">API key</label>
      <input id="api-key" type="password" autocomplete="off" value={text} onInput={(event) => setText(event.currentTarget.value)} />
      <button type="submit">Use this key</button>
      {problem === '' ? null : <p class="refusal" role="status">{problem}</p>}
    </form>
  );
};
