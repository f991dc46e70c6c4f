/** One dispatched server-sent event. */
export interface ServerSentEvent {
  /** The event's name (`message` when the stream names none). */
  type: string;
  data: string;
  /** The stream's last event id once this event is in. */
  lastEventId: string;
}

export interface EventStreamHandlers {
  onEvent(event: ServerSentEvent): void;
  /** Every dispatch, data or not: masterflow's heartbeats carry ids without data, and resuming needs the latest. */
  onLastEventId?(id: string): void;
  onRetry?(milliseconds: number): void;
}

/**
 * The text/event-stream format as the HTML standard parses it (lines ended by CR, LF or CRLF; `data`, `event`, `id`
 * and `retry` fields; comments), fed with decoded text as it arrives, in chunks cut anywhere. Written out rather than
 * taken from a library because the stream's ids must be seen on events without data too.
 */
export class EventStreamParser {
  private buffer = '';
  private endedWithCarriageReturn = false;
  private data = '';
  private type = '';
  private lastEventId = '';

  constructor(private readonly handlers: EventStreamHandlers) {
  }

  push(text: string): void {
    let chunk = text;
    if (this.endedWithCarriageReturn && chunk.startsWith('\n')) {
      chunk = chunk.slice(1);
    }
    this.endedWithCarriageReturn = chunk.endsWith('\r');
    this.buffer += chunk;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? '';
    lines.forEach((line) => this.line(line));
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) {
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    switch (field) {
      case 'event':
        this.type = value;
        break;
      case 'data':
        this.data += `${value}\n`;
        break;
      case 'id':
        if (!value.includes('\0')) {
          this.lastEventId = value;
        }
        break;
      case 'retry':
        if (/^\d+$/.test(value)) {
          this.handlers.onRetry?.(Number(value));
        }
        break;
      default:
        break;
    }
  }

  private dispatch(): void {
    this.handlers.onLastEventId?.(this.lastEventId);
    const data = this.data;
    const type = this.type;
    this.data = '';
    this.type = '';
    if (data === '') {
      return;
    }
    this.handlers.onEvent({ type: type || 'message', data: data.slice(0, -1), lastEventId: this.lastEventId });
  }
}
