// A table's page controls: previous/next buttons, keyboard reachable, saying where the reader is.
export const pageSize = 20;

type PagerProps = Readonly<{ page: number; total: number; label: string; onPage: (page: number) => void }>;

export const Pager = ({ page, total, label, onPage }: PagerProps) => {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>
        Previous page
      </button>
      <span aria-live="polite">
        Page {page + 1} of {pages} ({total} rows)
      </span>
      <button type="button" disabled={page + 1 >= pages} onClick={() => onPage(page + 1)}>
        Next page
      </button>
    </nav>
  );
};

export const pageOf = <T,>(rows: ReadonlyArray<T>, page: number): ReadonlyArray<T> => rows.slice(page * pageSize, (page + 1) * pageSize);
