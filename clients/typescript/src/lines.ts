/** The lines of a UTF-8 byte stream as they arrive, without their line ends; a last line without one included. */
export async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  let rest = '';
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      rest += decoder.decode(read.value, { stream: true });
      const complete = rest.split(/\r?\n/);
      rest = complete.pop() ?? '';
      yield* complete;
    }
    rest += decoder.decode();
    if (rest !== '') {
      yield rest;
    }
  } finally {
    // a consumer that stops early cancels the download rather than leaving it open
    await reader.cancel().catch(() => undefined);
  }
}
