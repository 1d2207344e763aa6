// The page's download buttons: each holds an object URL of the text it offers, revoked when a new result replaces it.

const objectUrls: string[] = [];

/** Revokes the URLs of the last result's downloads. */
export function revokeDownloads(): void {
  for (const url of objectUrls.splice(0)) URL.revokeObjectURL(url);
}

/** Makes `button` download `content` as `fileName` (disabled when there is no content). */
export function setDownload(button: HTMLButtonElement, content: string | null, fileName: string, type: string): void {
  const url = content === null ? null : URL.createObjectURL(new Blob([content], { type }));
  if (url) objectUrls.push(url);
  button.disabled = url === null;
  button.onclick = () => {
    if (!url) return;
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    a.click();
  };
}

/** The file name without its data extension (and .gz), for the names of the downloads. */
export const stem = (fileName: string): string => fileName.replace(/\.(jsonl|ndjson|json|csv|tsv|parquet)(\.gz)?$/i, "");
