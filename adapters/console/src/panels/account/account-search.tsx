// Search by account id: the id goes into the page's hash route (#/account/<id>), never a key.
import { useState } from 'preact/hooks';

const idPattern = /^[A-Za-z0-9\-_.:]{1,128}$/;

export const AccountSearch = ({ accountId }: Readonly<{ accountId: string | undefined }>) => {
  const [text, setText] = useState(accountId ?? '');
  const [problem, setProblem] = useState('');
  return (
    <form
      class="inline-form"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        const id = text.trim();
        if (!idPattern.test(id)) {
          setProblem('An account id is 1 to 128 letters, digits and -_.:');
          return;
        }
        setProblem('');
        location.hash = `#/account/${encodeURIComponent(id)}`;
      }}
    >
      <label for="account-id">Account id</label>
      <input id="account-id" type="search" value={text} autocomplete="off" onInput={(event) => setText(event.currentTarget.value)} />
      <button type="submit">Open account</button>
      {problem === '' ? null : <p class="refusal" role="status">{problem}</p>}
    </form>
  );
};
