// A file saved through a blob link: the data never goes into a URL the server sees.
export const saveFile = (fileName: string, contents: string, type: string): void => {
  const url = URL.createObjectURL(new Blob([contents], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: the download reads the blob after this task ends.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
};
