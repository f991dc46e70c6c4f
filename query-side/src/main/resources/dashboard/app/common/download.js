// A download of an API answer: the request needs the bearer token, so it is fetched and handed to the browser as a
// file, under the name the server gives in Content-Disposition.
import { call } from './api.js';

export async function download(path, fallbackName) {
  const response = await call(path, { headers: { Accept: '*/*' } });
  const disposition = response.headers.get('Content-Disposition') || '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] || fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return name;
}
